# The toolkit's tests, run by ctest as `cmake -DMODE=<mode> ... -P toolkit.cmake` (see CMakeLists.txt).
#   install     cmake --install of this build into PREFIX (the other modes use it)
#   consumer    a project that includes every installed public header, Qt keywords on, -Werror
#   new-app     starling-new writes an app; it builds against PREFIX with -Werror and passes its own test
#   debs        Starling's DEBs pass lintian, and an app builds against their unpacked contents and passes
#   subproject  a parent project that adds Starling with add_subdirectory(): none of Starling's tests, apps,
#               packaging or flags reach it
#   handlers    starling_add_app() with URL_SCHEMES and MIME_TYPES: the desktop entry, metainfo and app.json
#               name them and still validate; schemes of the browser's and malformed ones are refused
cmake_minimum_required(VERSION 3.25)

# Runs a command; stops the test with its output when it fails.
function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "${what} failed (${status}):\n${ARGN}\n${output}")
    endif()
    message(STATUS "${what}: ok")
    set(run_output "${output}" PARENT_SCOPE)
endfunction()

# Configures and builds a project against the installed prefix alone, warnings as errors.
function(build_against_prefix what source binary)
    file(REMOVE_RECURSE ${binary})
    run("${what}: configure" ${CMAKE_COMMAND} -S ${source} -B ${binary} -G ${GENERATOR}
        -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${PREFIX}
        "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror")
    run("${what}: build" ${CMAKE_COMMAND} --build ${binary})
endfunction()

if(MODE STREQUAL "install")
    file(REMOVE_RECURSE ${PREFIX})
    run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
    foreach(expected
            lib/cmake/Starling/StarlingConfig.cmake lib/cmake/Starling/StarlingConfigVersion.cmake
            lib/cmake/Starling/StarlingTargets.cmake lib/cmake/Starling/StarlingApp.cmake
            include/Starling/starling/app.h include/Starling/starling/starling_export.h
            include/Starling/datastar/datastar.h include/Starling/datastar/datastar_export.h
            bin/starling-new share/starling/new-app/CMakeLists.txt bin/starling-gallery)
        if(NOT EXISTS ${PREFIX}/${expected})
            message(FATAL_ERROR "not installed: ${expected}")
        endif()
    endforeach()
    file(GLOB libraries ${PREFIX}/lib*/libstarling-runtime.so.* ${PREFIX}/lib*/*/libstarling-runtime.so.*)
    if(NOT libraries)
        message(FATAL_ERROR "not installed: libstarling-runtime.so.<version>")
    endif()
    file(GLOB_RECURSE private_headers ${PREFIX}/include/*_p.h)
    if(private_headers)
        message(FATAL_ERROR "private headers installed: ${private_headers}")
    endif()

elseif(MODE STREQUAL "consumer")
    # One translation unit with every public header (CI time: one per header would take a minute more).
    set(source ${WORK}/consumer)
    file(REMOVE_RECURSE ${source})
    file(GLOB_RECURSE headers RELATIVE ${PREFIX}/include/Starling ${PREFIX}/include/Starling/*.h)
    list(SORT headers)
    set(all "")
    foreach(header IN LISTS headers)
        string(APPEND all "#include <${header}>\n")
    endforeach()
    # Qt's keywords are on here: a class with `signals:` and `slots:` next to every header.
    file(WRITE ${source}/all.cpp "${all}
#include <QObject>
class Keywords : public QObject
{
    Q_OBJECT
signals:
    void changed();
public slots:
    void change() { emit changed(); }
};
int main()
{
    Keywords keywords;
    keywords.change();
    return datastar::patchElements(QStringLiteral(\"<p id=x>x</p>\")).isValid() ? 0 : 1;
}
#include \"all.moc\"
")
    file(WRITE ${source}/CMakeLists.txt "cmake_minimum_required(VERSION 3.25)
project(starling_consumer LANGUAGES CXX)
set(CMAKE_AUTOMOC ON)
find_package(Starling 0.2 REQUIRED)
add_executable(consumer all.cpp)
target_link_libraries(consumer PRIVATE Starling::Runtime)
")
    build_against_prefix("public headers" ${source} ${WORK}/consumer-build)
    run("consumer runs" ${WORK}/consumer-build/consumer)

elseif(MODE STREQUAL "new-app")
    set(app ${WORK}/notes)
    file(REMOVE_RECURSE ${app})
    run("starling-new" ${PREFIX}/bin/starling-new ${app} "Field Notes" --id org.example.FieldNotes)
    build_against_prefix("the new app" ${app} ${app}/build)
    run("the new app's test" ${CMAKE_CTEST_COMMAND} --test-dir ${app}/build --output-on-failure)
    run("the new app installs" ${CMAKE_COMMAND} --install ${app}/build --prefix ${WORK}/notes-prefix)
    foreach(expected bin/field-notes share/applications/org.example.FieldNotes.desktop
            share/metainfo/org.example.FieldNotes.metainfo.xml
            share/icons/hicolor/scalable/apps/org.example.FieldNotes.svg)
        if(NOT EXISTS ${WORK}/notes-prefix/${expected})
            message(FATAL_ERROR "the new app did not install ${expected}")
        endif()
    endforeach()
    run("the new app's desktop entry" desktop-file-validate
        ${WORK}/notes-prefix/share/applications/org.example.FieldNotes.desktop)
    run("the new app's metainfo" appstreamcli validate --no-net
        ${WORK}/notes-prefix/share/metainfo/org.example.FieldNotes.metainfo.xml)
    # Installed, it finds Starling's libraries in their prefix and says its version.
    run("the installed app starts" ${WORK}/notes-prefix/bin/field-notes --version)
    if(NOT run_output MATCHES "0\\.1\\.0")
        message(FATAL_ERROR "field-notes --version printed: ${run_output}")
    endif()
    # Its own DEB, from the same starling_add_app() call.
    run("the new app's packaging" ${CMAKE_COMMAND} ${app}/build -DSTARLING_APP_PACKAGING=ON)
    run("cpack the new app" ${CMAKE_CPACK_COMMAND} -G DEB --config ${app}/build/CPackConfig.cmake
        -B ${app}/build/packages)
    file(GLOB app_debs ${app}/build/packages/field-notes_*.deb)
    if(NOT app_debs)
        message(FATAL_ERROR "no field-notes DEB")
    endif()
    run("the new app's DEB contents" dpkg-deb -c ${app_debs})
    foreach(expected ./usr/bin/field-notes ./usr/share/applications/org.example.FieldNotes.desktop)
        string(FIND "${run_output}" "${expected}" found)
        if(found EQUAL -1)
            message(FATAL_ERROR "the new app's DEB lacks ${expected}:\n${run_output}")
        endif()
    endforeach()

elseif(MODE STREQUAL "debs")
    # Starling's DEBs from this build, checked by lintian, unpacked (not installed) into a root, and an app
    # built against their contents alone.
    set(debs ${WORK}/debs)
    set(root ${WORK}/deb-root)
    file(REMOVE_RECURSE ${debs} ${root})
    run("cpack" ${CMAKE_CPACK_COMMAND} -G DEB --config ${BUILD_DIR}/CPackConfig.cmake -B ${debs})
    file(GLOB packages ${debs}/*.deb)
    list(LENGTH packages count)
    if(NOT count EQUAL 3)
        message(FATAL_ERROR "expected 3 DEBs, got: ${packages}")
    endif()
    foreach(package IN LISTS packages)
        # Errors fail the test; warnings are printed for whoever reads the log.
        run("lintian ${package}" lintian --fail-on error ${package})
        message(STATUS "${run_output}")
        run("unpack ${package}" dpkg-deb -x ${package} ${root})
    endforeach()
    file(GLOB_RECURSE configs ${root}/*/StarlingConfig.cmake)
    if(NOT configs)
        message(FATAL_ERROR "no StarlingConfig.cmake in the DEBs")
    endif()
    set(PREFIX ${root}/usr)
    set(app ${WORK}/deb-app)
    file(REMOVE_RECURSE ${app})
    run("starling-new from the DEB" ${root}/usr/bin/starling-new ${app} "Deb Notes")
    build_against_prefix("an app against the DEBs" ${app} ${app}/build)
    run("its test" ${CMAKE_CTEST_COMMAND} --test-dir ${app}/build --output-on-failure)

elseif(MODE STREQUAL "subproject")
    set(parent ${WORK}/parent)
    file(REMOVE_RECURSE ${parent} ${WORK}/parent-build)
    file(WRITE ${parent}/CMakeLists.txt "cmake_minimum_required(VERSION 3.25)
project(parent_app VERSION 1.0 LANGUAGES CXX)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
include(CTest)
add_subdirectory(${SOURCE_DIR} starling)
file(WRITE \${CMAKE_CURRENT_BINARY_DIR}/main.cpp \"#include <starling/app.h>\\nint main(int argc, char **argv) { starling::App app(argc, argv); return app.exec(); }\\n\")
starling_add_app(parent-app SOURCES \${CMAKE_CURRENT_BINARY_DIR}/main.cpp RESOURCES pages ID org.example.Parent NAME Parent)
add_test(NAME parent_own_test COMMAND parent-app --version)
set(CPACK_PACKAGE_NAME parent-app)
include(CPack)
")
    file(WRITE ${parent}/pages/index.html "<!doctype html><title>Parent</title>\n")
    run("configure a parent project" ${CMAKE_COMMAND} -S ${parent} -B ${WORK}/parent-build -G ${GENERATOR}
        -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
    run("list the parent's tests" ${CMAKE_CTEST_COMMAND} --test-dir ${WORK}/parent-build -N)
    if(NOT run_output MATCHES "Total Tests: 1\n")
        message(FATAL_ERROR "the parent has other tests than its own:\n${run_output}")
    endif()
    run("list the parent's targets" ${CMAKE_COMMAND} --build ${WORK}/parent-build --target help)
    foreach(target starling-gallery starling-conformance)
        if(run_output MATCHES "${target}")
            message(FATAL_ERROR "${target} is built in the parent project")
        endif()
    endforeach()
    file(READ ${WORK}/parent-build/CPackConfig.cmake cpack)
    if(NOT cpack MATCHES "CPACK_PACKAGE_NAME \"parent-app\"")
        message(FATAL_ERROR "Starling changed the parent's packaging:\n${cpack}")
    endif()
    # Starling's flags stay on its targets: the parent's own source compiles without them.
    file(READ ${WORK}/parent-build/compile_commands.json commands)
    string(REGEX MATCH "[^\n]*-o [^\n]*parent-app.dir[^\n]*main.cpp[^\n]*" parent_command "${commands}")
    if(parent_command STREQUAL "")
        message(FATAL_ERROR "no compile command for the parent's main.cpp")
    endif()
    if(parent_command MATCHES "QT_NO_KEYWORDS|-Wextra")
        message(FATAL_ERROR "Starling's flags reached the parent's target: ${parent_command}")
    endif()
elseif(MODE STREQUAL "handlers")
    # Configured against the prefix (the files are written at configure time), with what an app would give.
    set(source ${WORK}/handlers)
    set(binary ${WORK}/handlers-build)
    file(REMOVE_RECURSE ${source} ${binary})
    file(WRITE ${source}/pages/index.html "<!doctype html><title>Handlers</title>\n")
    file(WRITE ${source}/main.cpp "#include <starling/app.h>\n"
        "int main(int argc, char **argv) { starling::App app(argc, argv); return app.exec(); }\n")
    function(write_project schemes types)
        file(WRITE ${source}/CMakeLists.txt "cmake_minimum_required(VERSION 3.25)
project(handlers VERSION 1.0 LANGUAGES CXX)
find_package(Starling 0.2 REQUIRED)
starling_add_app(field-notes SOURCES main.cpp RESOURCES pages ID org.example.FieldNotes NAME \"Field Notes\"
    SUMMARY \"Notes from the field\" HOMEPAGE https://example.org LICENSE MIT DEVELOPER \"Jane Doe\"
    URL_SCHEMES ${schemes} MIME_TYPES ${types})
")
    endfunction()
    set(configure ${CMAKE_COMMAND} -S ${source} -B ${binary} -G ${GENERATOR}
        -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${PREFIX})

    write_project("field-notes Notes+Sync" "text/markdown text/x-field-notes")
    run("configure an app with URL schemes and MIME types" ${configure})
    set(generated ${binary}/field-notes_starling)
    file(READ ${generated}/org.example.FieldNotes.desktop entry)
    set(expected_key
        "MimeType=x-scheme-handler/field-notes;x-scheme-handler/notes+sync;text/markdown;text/x-field-notes;")
    string(FIND "${entry}" "${expected_key}\n" found)
    if(found EQUAL -1 OR NOT entry MATCHES "\nExec=field-notes %U\n")
        message(FATAL_ERROR "the desktop entry lacks ${expected_key} or Exec=field-notes %U:\n${entry}")
    endif()
    run("its desktop entry" desktop-file-validate ${generated}/org.example.FieldNotes.desktop)
    file(READ ${generated}/org.example.FieldNotes.metainfo.xml metainfo)
    if(NOT metainfo MATCHES "<mediatype>text/markdown</mediatype>\n *<mediatype>text/x-field-notes</mediatype>")
        message(FATAL_ERROR "the metainfo does not provide the MIME types:\n${metainfo}")
    endif()
    run("its metainfo" appstreamcli validate --no-net ${generated}/org.example.FieldNotes.metainfo.xml)
    file(READ ${generated}/app.json identity)
    string(JSON schemes GET "${identity}" urlSchemes)
    if(NOT schemes MATCHES "^\\[ *\"field-notes\", *\"notes\\+sync\" *\\]$")
        message(FATAL_ERROR "app.json has urlSchemes ${schemes}")
    endif()

    # What it refuses, with the reason.
    foreach(refused "https;claim https" "1notes;is not a URL scheme" "notes/x;is not a URL scheme")
        list(GET refused 0 scheme)
        list(GET refused 1 reason)
        write_project("${scheme}" "text/markdown")
        file(REMOVE_RECURSE ${binary})
        execute_process(COMMAND ${configure} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
        if(status EQUAL 0 OR NOT output MATCHES "URL_SCHEMES.*${reason}")
            message(FATAL_ERROR "URL_SCHEMES ${scheme} was not refused (${reason}):\n${output}")
        endif()
    endforeach()
    write_project("field-notes" "markdown")
    file(REMOVE_RECURSE ${binary})
    execute_process(COMMAND ${configure} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(status EQUAL 0 OR NOT output MATCHES "MIME_TYPES \"markdown\" is not a MIME type")
        message(FATAL_ERROR "MIME_TYPES markdown was not refused:\n${output}")
    endif()
else()
    message(FATAL_ERROR "toolkit.cmake: unknown MODE ${MODE}")
endif()
