// The base of a QtTest class whose test drives QtWebEngine pages (PageDriver):
//
//     class BindTest : public starling::test::WebEngineTest
//     {
//         Q_OBJECT
//     private Q_SLOTS:
//         void typingUpdatesTheSignal();
//     };
//     QTEST_MAIN(BindTest)
#pragma once

#include <QCoreApplication>
#include <QObject>

namespace starling::test {

class WebEngineTest : public QObject
{
    Q_OBJECT

public:
    // QTEST_MAIN calls this before it creates the application, which is when QtWebEngine needs its GL
    // contexts shared. A derived class that needs more set up by then defines its own and calls this one.
    static void initMain() { QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); }
};

} // namespace starling::test
