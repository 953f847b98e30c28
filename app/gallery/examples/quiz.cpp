// The quiz: the backend serves a question, checks the answer and keeps the score. State lives in the backend,
// per page: each page load gets its own quiz session id, which the page sends back as a signal.
#include "examples.h"
#include "gallery.h"

#include <starling/app.h>
#include <starling/httperror.h>
#include <starling/stream.h>
#include <starling/template.h>

#include <QHash>
#include <QUuid>

namespace gallery {

namespace {

struct Question
{
    QString text;
    QString answer;
};

const QList<Question> &questions()
{
    static const QList<Question> list = {
        { QStringLiteral("What do you put in a toaster?"), QStringLiteral("bread") },
        { QStringLiteral("What colour is HAL’s eye?"), QStringLiteral("red") },
        { QStringLiteral("Which planet is Discovery One flying to?"), QStringLiteral("Jupiter") },
    };
    return list;
}

struct QuizSession
{
    qsizetype next = 0; // the question the next fetch serves
    qsizetype current = -1; // the question awaiting an answer, or -1
    int score = 0;
    int answered = 0;
};

// Sessions of the pages opened since the app started; a bounded map (the oldest pages lose their score).
QHash<QString, QuizSession> &sessions()
{
    static QHash<QString, QuizSession> map;
    return map;
}

QuizSession &sessionFor(const starling::Request &request)
{
    const QString id = request.signalValues().value(QStringLiteral("quizSession")).toString();
    if (id.isEmpty())
        throw starling::HttpError(400, QStringLiteral("no quiz session"));
    if (!sessions().contains(id) && sessions().size() >= 1000)
        sessions().clear();
    return sessions()[id];
}

QString scoreHtml(const QuizSession &session)
{
    return QStringLiteral("<span id=\"score\">%1 / %2</span>").arg(session.score).arg(session.answered);
}

} // namespace

void registerQuiz(starling::App &app)
{
    // The page, with a fresh session id.
    app.get(QStringLiteral("/examples/quiz"), [](const starling::Request &) {
        return examplePage(
            QStringLiteral("quiz"),
            { { QStringLiteral("session"), QUuid::createUuid().toString(QUuid::WithoutBraces) } });
    });

    // A POST: it moves the session on to the next question (a GET must change nothing).
    app.post(QStringLiteral("/examples/quiz/question"),
             [](const starling::Request &request, starling::Stream &stream) {
                 QuizSession &session = sessionFor(request);
                 session.current = session.next;
                 session.next = (session.next + 1) % questions().size();
                 static const starling::Template question(
                     QStringLiteral("<div id=\"question\">{{text}}</div>"));
                 stream.patchElements(
                     question.render({ { QStringLiteral("text"), questions().at(session.current).text } }));
                 stream.patchElements(QStringLiteral("<div id=\"verdict\"></div>"));
                 stream.patchSignals({ { QStringLiteral("response"), QString() } });
             });

    app.post(QStringLiteral("/examples/quiz/answer"),
             [](const starling::Request &request, starling::Stream &stream) {
                 QuizSession &session = sessionFor(request);
                 if (session.current < 0) {
                     stream.patchElements(QStringLiteral(
                         "<div id=\"verdict\"><p class=\"muted\">Fetch a question first.</p></div>"));
                     return;
                 }
                 const Question &question = questions().at(session.current);
                 const QString response
                     = request.signalValues().value(QStringLiteral("response")).toString().trimmed();
                 const bool correct = response.compare(question.answer, Qt::CaseInsensitive) == 0;
                 session.current = -1; // one answer per question
                 ++session.answered;
                 if (correct)
                     ++session.score;
                 static const starling::Template verdict(
                     QStringLiteral("<div id=\"verdict\"><p>You answered “{{response}}”.</p>"
                                    "{{#correct}}<p class=\"success\">That is correct ✅</p>{{/correct}}"
                                    "{{^correct}}<p class=\"failure\">The correct answer is “{{answer}}” "
                                    "🤷</p>{{/correct}}</div>"));
                 stream.patchElements(verdict.render({ { QStringLiteral("response"), response },
                                                       { QStringLiteral("correct"), correct },
                                                       { QStringLiteral("answer"), question.answer } }));
                 stream.patchElements(scoreHtml(session));
             });
}

} // namespace gallery
