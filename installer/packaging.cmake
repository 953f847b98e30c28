# Starling's own packages (cpack in a build configured with -DCMAKE_INSTALL_PREFIX=/usr):
#   libstarling<major.minor>  the two shared libraries (component Runtime)
#   libstarling-dev           headers, CMake package, starling-new and its template (component Development)
#   starling-gallery          the showcase app (component Gallery)
# Each carries its copyright file and a Debian changelog, binaries are stripped, and DEB dependencies come
# from dpkg-shlibdeps plus the QML modules and plugins the window loads at run time.
set(STARLING_PACKAGE_CONTACT "Starling developers <starling@starling.example.org>" CACHE STRING
    "Maintainer of Starling's packages, Name <email> (the default is a placeholder address)")
set(abi ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
set(runtime_package libstarling${abi})
# Packages of the upstream version, Debian revision 1 (a non-native package).
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(deb_version ${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE})

set(CPACK_PACKAGE_NAME starling)
set(CPACK_PACKAGE_VENDOR "Starling developers")
set(CPACK_PACKAGE_HOMEPAGE_URL "${STARLING_HOMEPAGE}")
set(CPACK_PACKAGE_CONTACT "${STARLING_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL Runtime Development Gallery)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY "=")
# dpkg-shlibdeps looks for the gallery's Starling libraries among the packaged files too.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_BINARY_DIR}/app/datastar ${CMAKE_BINARY_DIR}/app/runtime)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${runtime_package})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
starling_runtime_deb_depends(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "Starling: native desktop apps whose UI is hypermedia (libraries)
Starling apps are Qt processes that serve their pages over a private HTTP
server on 127.0.0.1 and show them in an embedded QtWebEngine window; the pages
speak Datastar and the C++ backend streams HTML and signal patches to them.
This package holds the Datastar server SDK for Qt and the desktop runtime.")
# The libraries' shlibs file is generated; the loader's cache is refreshed by a trigger.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_SOURCE_DIR}/debian/triggers)

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libstarling-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
    "${runtime_package} (= ${deb_version}), qt6-base-dev, qt6-httpserver-dev, qt6-websockets-dev, \
qt6-webengine-dev, cmake")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_ARCHITECTURE all)
set(CPACK_COMPONENT_DEVELOPMENT_DESCRIPTION "Starling: native desktop apps whose UI is hypermedia (development files)
Headers and the CMake package (find_package(Starling): Starling::Runtime,
Starling::Datastar and starling_add_app()) for building Starling apps, and
starling-new, which writes a new app with a page, a live stream and a test.
Apps link Qt HTTP Server: they must meet the GPL-3 or hold a commercial Qt
licence.")

set(CPACK_DEBIAN_GALLERY_PACKAGE_NAME starling-gallery)
set(CPACK_DEBIAN_GALLERY_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_GALLERY_PACKAGE_DEPENDS "${runtime_package} (= ${deb_version})")
set(CPACK_COMPONENT_GALLERY_DESCRIPTION "Datastar examples running as a native Qt desktop app
The showcase app of Starling: the Datastar guide, example by example, plus a
to-do list and a system monitor, each page served by C++ handlers and shown in
a native window (or in a browser with --serve).")

# Per package: /usr/share/doc/<package>/copyright and changelog.Debian.gz.
string(TIMESTAMP changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(component Runtime Development Gallery)
    string(TOUPPER ${component} upper)
    set(package ${CPACK_DEBIAN_${upper}_PACKAGE_NAME})
    set(doc ${CMAKE_CURRENT_BINARY_DIR}/doc/${package})
    set(STARLING_PACKAGE ${package})
    set(STARLING_DEB_VERSION ${deb_version})
    set(STARLING_CHANGELOG_DATE "${changelog_date}")
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog.in ${doc}/changelog.Debian @ONLY)
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/debian/copyright ${doc}/copyright COPYONLY)
    add_custom_command(OUTPUT ${doc}/changelog.Debian.gz
        COMMAND gzip -9nf -k ${doc}/changelog.Debian
        DEPENDS ${doc}/changelog.Debian VERBATIM)
    add_custom_target(starling_doc_${component} ALL DEPENDS ${doc}/changelog.Debian.gz)
    install(FILES ${doc}/copyright ${doc}/changelog.Debian.gz
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()

include(CPack)
