# starling_add_app(): a Starling app's executable, resources, desktop entry, AppStream metainfo, icon, install
# rules and (optionally) its own DEB/TGZ packages, from one call. Installed with the Starling package and
# included by StarlingConfig.cmake; Starling's own gallery is built with it too.
#
#   starling_add_app(<target>
#       SOURCES <file>...
#       RESOURCES <dir>              # compiled in under ":/", laid out like <dir>; --dev reads <dir> itself
#       [RESOURCE_PREFIX </prefix>]  # compiled in under ":/prefix/" instead; <dir> must end with /prefix
#       ID <reverse-DNS id>          # org.example.Notes: names the desktop entry, metainfo and icon
#       NAME <name>                  # shown to users: window title, menus
#       [SUMMARY <one line>]         # desktop entry comment, metainfo summary, --help (default: NAME)
#       [DESCRIPTION <paragraph>]    # metainfo description (default: SUMMARY)
#       [ICON <svg>]                 # window icon, favicon and desktop icon (default: Starling's)
#       [VERSION <x.y.z>]            # default: PROJECT_VERSION
#       [RELEASE_DATE <YYYY-MM-DD>]  # metainfo release date (default: today, or SOURCE_DATE_EPOCH's day)
#       [ORGANIZATION <name>]        # data folder ~/.local/share/<organization>/<name> (default: none)
#       [CATEGORIES <category>...]   # desktop entry categories (default: Utility)
#       [URL_SCHEMES <scheme>...]    # deep links the app opens (notes: notes://...): x-scheme-handler/<scheme>
#       [MIME_TYPES <type>...]       # file types the app opens (text/markdown): desktop entry and metainfo
#       [DEVELOPER <name>]           # metainfo developer and package maintainer name
#       [CONTACT <"Name <email>">]   # package maintainer (default: DEVELOPER)
#       [LICENSE <SPDX expression>]  # metainfo project licence
#       [HOMEPAGE <url>]             # metainfo homepage (AppStream 1.0 rejects metainfo without one)
#       [COMPONENT <name>])          # install component (default: <target>)
#
# The app's identity travels inside the executable (:/starling/app/app.json): starling::App reads it for every
# AppInfo field the app leaves empty, so `starling::App app(argc, argv);` needs nothing more.
# The desktop entry starts the app with `%U` (the URLs and files it is opened with); URL_SCHEMES and MIME_TYPES
# become its MimeType key, so the desktop hands the app those links and files (docs/native.md, "Deep links and
# file types"); the schemes also go into app.json, where the runtime learns which URLs are the app's.
# With STARLING_APP_PACKAGING=ON in a top-level project, `cpack` builds <target> DEB and TGZ packages.
include_guard(GLOBAL)

# Where this file is (its templates beside it), and Starling's icon for apps without one: kept as global
# properties, since starling_add_app() may be called from another directory scope (a parent project).
if(NOT DEFINED STARLING_DEFAULT_ICON)
    set(STARLING_DEFAULT_ICON ${CMAKE_CURRENT_LIST_DIR}/templates/starling.svg)
endif()
set_property(GLOBAL PROPERTY STARLING_APP_TEMPLATES ${CMAKE_CURRENT_LIST_DIR}/templates)
set_property(GLOBAL PROPERTY STARLING_DEFAULT_ICON ${STARLING_DEFAULT_ICON})
option(STARLING_APP_PACKAGING "Package the app made by starling_add_app() with CPack (top-level projects)" OFF)

# What a Starling app needs at run time beyond the libraries dpkg-shlibdeps finds: the QML modules the window
# imports (qml/; Qt Quick's file dialog also imports Qt.labs.folderlistmodel), Qt's SVG plugins (the icon) and
# Qt's SQLite driver.
function(starling_runtime_deb_depends out_var)
    set(${out_var} "qml6-module-qtwebengine, qml6-module-qtquick, qml6-module-qtquick-window, \
qml6-module-qtquick-controls, qml6-module-qtquick-templates, qml6-module-qtquick-layouts, \
qml6-module-qtquick-dialogs, qml6-module-qt-labs-folderlistmodel, qml6-module-qtqml-workerscript, \
libqt6svg6, libqt6sql6-sqlite" PARENT_SCOPE)
endfunction()

# Escapes text for XML (the metainfo file).
function(_starling_xml_escape out_var text)
    string(REPLACE "&" "&amp;" text "${text}")
    string(REPLACE "<" "&lt;" text "${text}")
    string(REPLACE ">" "&gt;" text "${text}")
    set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# Escapes text for a JSON string (app.json).
function(_starling_json_escape out_var text)
    string(REPLACE "\\" "\\\\" text "${text}")
    string(REPLACE "\"" "\\\"" text "${text}")
    set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

function(starling_add_app target)
    cmake_parse_arguments(PARSE_ARGV 1 APP ""
        "RESOURCES;RESOURCE_PREFIX;ID;NAME;SUMMARY;DESCRIPTION;ICON;VERSION;RELEASE_DATE;ORGANIZATION;DEVELOPER;CONTACT;LICENSE;HOMEPAGE;COMPONENT"
        "SOURCES;CATEGORIES;URL_SCHEMES;MIME_TYPES")
    if(APP_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "starling_add_app(${target}): unknown arguments: ${APP_UNPARSED_ARGUMENTS}")
    endif()
    foreach(required SOURCES RESOURCES ID NAME)
        if(NOT APP_${required})
            message(FATAL_ERROR "starling_add_app(${target}): ${required} is required")
        endif()
    endforeach()
    if(NOT APP_ID MATCHES "^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_-]*)+$")
        message(FATAL_ERROR "starling_add_app(${target}): ID \"${APP_ID}\" is not a reverse-DNS name "
                            "such as org.example.Notes")
    endif()
    cmake_path(ABSOLUTE_PATH APP_RESOURCES NORMALIZE OUTPUT_VARIABLE resource_dir)
    string(REGEX REPLACE "/$" "" resource_dir "${resource_dir}")
    if(NOT IS_DIRECTORY "${resource_dir}")
        message(FATAL_ERROR "starling_add_app(${target}): RESOURCES ${resource_dir} is not a directory")
    endif()
    set(dev_resource_dir "${resource_dir}")
    if(APP_RESOURCE_PREFIX)
        string(REGEX REPLACE "^/*(.*[^/])/*$" "\\1" prefix "${APP_RESOURCE_PREFIX}")
        string(LENGTH "/${prefix}" prefix_length)
        string(LENGTH "${resource_dir}" dir_length)
        math(EXPR base_length "${dir_length} - ${prefix_length}")
        if(base_length LESS 1)
            message(FATAL_ERROR "starling_add_app(${target}): RESOURCES must end with RESOURCE_PREFIX")
        endif()
        string(SUBSTRING "${resource_dir}" ${base_length} -1 dir_tail)
        if(NOT dir_tail STREQUAL "/${prefix}")
            message(FATAL_ERROR "starling_add_app(${target}): RESOURCES (${resource_dir}) must end with "
                                "RESOURCE_PREFIX (/${prefix})")
        endif()
        string(SUBSTRING "${resource_dir}" 0 ${base_length} dev_resource_dir)
    endif()
    if(NOT APP_SUMMARY)
        set(APP_SUMMARY "${APP_NAME}")
    endif()
    if(NOT APP_DESCRIPTION)
        set(APP_DESCRIPTION "${APP_SUMMARY}")
    endif()
    if(NOT APP_ICON)
        get_property(APP_ICON GLOBAL PROPERTY STARLING_DEFAULT_ICON)
    endif()
    cmake_path(ABSOLUTE_PATH APP_ICON NORMALIZE)
    if(NOT APP_VERSION)
        set(APP_VERSION "${PROJECT_VERSION}")
    endif()
    if(NOT APP_VERSION)
        set(APP_VERSION "0.0.0")
    endif()
    if(NOT APP_RELEASE_DATE)
        string(TIMESTAMP APP_RELEASE_DATE "%Y-%m-%d" UTC)
    endif()
    if(NOT APP_CATEGORIES)
        set(APP_CATEGORIES Utility)
    endif()
    set(url_schemes "")
    foreach(scheme IN LISTS APP_URL_SCHEMES)
        string(TOLOWER "${scheme}" scheme) # schemes are case-insensitive (RFC 3986); URLs carry them lower-case
        if(NOT scheme MATCHES "^[a-z][a-z0-9+.-]*$")
            message(FATAL_ERROR "starling_add_app(${target}): URL_SCHEMES \"${scheme}\" is not a URL scheme "
                                "(a letter, then letters, digits, +, - or .)")
        endif()
        if(scheme MATCHES "^(http|https|file)$")
            message(FATAL_ERROR "starling_add_app(${target}): URL_SCHEMES cannot claim ${scheme}: the browser's "
                                "and the file manager's; use a scheme of the app's own (notes, org.example.notes)")
        endif()
        list(APPEND url_schemes "${scheme}")
    endforeach()
    list(REMOVE_DUPLICATES url_schemes)
    foreach(type IN LISTS APP_MIME_TYPES)
        if(NOT type MATCHES "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$")
            message(FATAL_ERROR "starling_add_app(${target}): MIME_TYPES \"${type}\" is not a MIME type "
                                "such as text/markdown")
        endif()
        if(type MATCHES "^x-scheme-handler/")
            message(FATAL_ERROR "starling_add_app(${target}): give the scheme of ${type} in URL_SCHEMES")
        endif()
    endforeach()
    if(NOT APP_COMPONENT)
        set(APP_COMPONENT ${target})
    endif()
    if(NOT APP_HOMEPAGE)
        message(WARNING "starling_add_app(${target}): no HOMEPAGE: appstreamcli 1.0 and later reject the "
                        "metainfo without one (url-homepage-missing)")
    endif()
    if(NOT APP_CONTACT)
        set(APP_CONTACT "${APP_DEVELOPER}")
    endif()

    # The caller's scope may not have looked for Qt (Starling as a subdirectory finds it in its own scope):
    # Qt's CMake functions need its variables here, and the executable is finalized before returning.
    include(GNUInstallDirs)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network HttpServer Gui WebEngineCore)
    get_property(templates GLOBAL PROPERTY STARLING_APP_TEMPLATES)
    qt_add_executable(${target} MANUAL_FINALIZATION ${APP_SOURCES})
    target_link_libraries(${target} PRIVATE Starling::Runtime)
    # Installed beside Starling in a prefix the loader does not search: find the libraries from bin/.
    set_target_properties(${target} PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
    if(NOT CMAKE_INSTALL_FULL_LIBDIR IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
        file(RELATIVE_PATH lib_from_bin ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
        set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN/${lib_from_bin}")
    endif()

    # The app's pages, templates and assets.
    file(GLOB_RECURSE resource_files CONFIGURE_DEPENDS LIST_DIRECTORIES false "${resource_dir}/*")
    if(APP_RESOURCE_PREFIX)
        qt_add_resources(${target} ${target}_resources PREFIX "/${prefix}" BASE "${resource_dir}"
            FILES ${resource_files})
    elseif(resource_files)
        qt_add_resources(${target} ${target}_resources PREFIX "/" BASE "${resource_dir}" FILES ${resource_files})
    endif()

    # Its identity, read by starling::App.
    set(generated ${CMAKE_CURRENT_BINARY_DIR}/${target}_starling)
    foreach(field ID NAME SUMMARY VERSION ORGANIZATION)
        _starling_json_escape(json_${field} "${APP_${field}}")
    endforeach()
    _starling_json_escape(json_DEV_RESOURCES "${dev_resource_dir}")
    set(json_URL_SCHEMES "")
    foreach(scheme IN LISTS url_schemes)
        list(APPEND json_URL_SCHEMES "\"${scheme}\"") # validated above: nothing to escape
    endforeach()
    string(JOIN ", " json_URL_SCHEMES ${json_URL_SCHEMES})
    file(CONFIGURE OUTPUT ${generated}/app.json CONTENT [[{
    "id": "@json_ID@",
    "name": "@json_NAME@",
    "summary": "@json_SUMMARY@",
    "version": "@json_VERSION@",
    "organization": "@json_ORGANIZATION@",
    "devResourceDir": "@json_DEV_RESOURCES@",
    "urlSchemes": [@json_URL_SCHEMES@]
}
]] @ONLY)
    configure_file(${APP_ICON} ${generated}/icon.svg COPYONLY)
    qt_add_resources(${target} ${target}_identity PREFIX "/starling/app" BASE ${generated}
        FILES ${generated}/app.json ${generated}/icon.svg)

    # Desktop entry and AppStream metainfo.
    string(JOIN ";" STARLING_APP_CATEGORIES ${APP_CATEGORIES})
    set(STARLING_APP_CATEGORIES "${STARLING_APP_CATEGORIES};")
    set(STARLING_APP_TARGET ${target})
    set(STARLING_APP_ID ${APP_ID})
    set(STARLING_APP_NAME "${APP_NAME}")
    set(STARLING_APP_SUMMARY "${APP_SUMMARY}")
    set(handled_types "")
    foreach(scheme IN LISTS url_schemes)
        list(APPEND handled_types "x-scheme-handler/${scheme}")
    endforeach()
    list(APPEND handled_types ${APP_MIME_TYPES})
    list(REMOVE_DUPLICATES handled_types)
    set(STARLING_APP_DESKTOP_EXTRA "")
    if(handled_types)
        string(JOIN ";" mime_type_key ${handled_types})
        set(STARLING_APP_DESKTOP_EXTRA "MimeType=${mime_type_key};\n")
    endif()
    configure_file(${templates}/app.desktop.in ${generated}/${APP_ID}.desktop @ONLY)
    foreach(field NAME SUMMARY DESCRIPTION DEVELOPER LICENSE HOMEPAGE)
        _starling_xml_escape(xml_${field} "${APP_${field}}")
    endforeach()
    set(STARLING_APP_METAINFO_EXTRA "")
    if(APP_LICENSE)
        string(APPEND STARLING_APP_METAINFO_EXTRA "  <project_license>${xml_LICENSE}</project_license>\n")
    endif()
    if(APP_DEVELOPER)
        string(APPEND STARLING_APP_METAINFO_EXTRA "  <developer_name>${xml_DEVELOPER}</developer_name>\n")
    endif()
    if(APP_HOMEPAGE)
        string(APPEND STARLING_APP_METAINFO_EXTRA "  <url type=\"homepage\">${xml_HOMEPAGE}</url>\n")
    endif()
    # The file types, for software centres ("opens Markdown files"); the schemes stay in the desktop entry.
    set(STARLING_APP_PROVIDES_EXTRA "")
    foreach(type IN LISTS APP_MIME_TYPES)
        string(APPEND STARLING_APP_PROVIDES_EXTRA "    <mediatype>${type}</mediatype>\n")
    endforeach()
    set(STARLING_APP_XML_NAME "${xml_NAME}")
    set(STARLING_APP_XML_SUMMARY "${xml_SUMMARY}")
    set(STARLING_APP_XML_DESCRIPTION "${xml_DESCRIPTION}")
    set(STARLING_APP_VERSION "${APP_VERSION}")
    set(STARLING_APP_RELEASE_DATE "${APP_RELEASE_DATE}")
    configure_file(${templates}/app.metainfo.xml.in ${generated}/${APP_ID}.metainfo.xml @ONLY)
    set_target_properties(${target} PROPERTIES
        STARLING_APP_DESKTOP_FILE ${generated}/${APP_ID}.desktop
        STARLING_APP_METAINFO_FILE ${generated}/${APP_ID}.metainfo.xml)

    install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ${APP_COMPONENT})
    install(FILES ${generated}/${APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
        COMPONENT ${APP_COMPONENT})
    install(FILES ${generated}/${APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo
        COMPONENT ${APP_COMPONENT})
    install(FILES ${APP_ICON} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${APP_ID}.svg COMPONENT ${APP_COMPONENT})

    qt_finalize_target(${target})

    if(STARLING_APP_PACKAGING AND PROJECT_IS_TOP_LEVEL AND NOT PROJECT_NAME STREQUAL "Starling")
        _starling_app_packaging(${target})
    endif()
endfunction()

# The app's own DEB and TGZ (cpack in its build directory), with what Debian's tools expect of a package.
macro(_starling_app_packaging target)
    string(TOLOWER "${target}" CPACK_PACKAGE_NAME)
    set(CPACK_PACKAGE_VERSION "${APP_VERSION}")
    set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${APP_SUMMARY}")
    set(CPACK_PACKAGE_DESCRIPTION "${APP_DESCRIPTION}")
    if(APP_CONTACT)
        set(CPACK_PACKAGE_CONTACT "${APP_CONTACT}")
    else()
        set(CPACK_PACKAGE_CONTACT "${APP_NAME} developers <root@localhost>")
    endif()
    set(CPACK_GENERATOR "DEB;TGZ")
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION misc)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_STRIP_FILES ON)
    starling_runtime_deb_depends(CPACK_DEBIAN_PACKAGE_DEPENDS)
    include(CPack)
endmacro()
