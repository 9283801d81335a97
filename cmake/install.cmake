# install.cmake - install rules for find_package(helperlink).
#
# Include from the top-level CMakeLists.txt, after add_subdirectory(tools/helperlink):
#
#   include(cmake/install.cmake)
#
# `cmake --install <build> --prefix <prefix>` then installs, next to
# <prefix>/bin/helperlink (installed by tools/helperlink/CMakeLists.txt):
#
#   <prefix>/lib/cmake/helperlink/helperlinkConfig.cmake
#   <prefix>/lib/cmake/helperlink/helperlinkConfigVersion.cmake
#   <prefix>/lib/cmake/helperlink/Helperlink.cmake
#
# and a project finds it with
#
#   find_package(helperlink 0.1 REQUIRED)     # -DCMAKE_PREFIX_PATH=<prefix>
#   helperlink_add_rust_object(...)
#
# The package is relocatable: the executable is found relative to the
# installed config file, so --prefix and DESTDIR work.

include(CMakePackageConfigHelpers)

set(HELPERLINK_INSTALL_CMAKEDIR "lib/cmake/helperlink" CACHE STRING
    "Where to install helperlinkConfig.cmake, relative to the prefix")
# Must match the RUNTIME DESTINATION of install(TARGETS helperlink) in
# tools/helperlink/CMakeLists.txt.
set(HELPERLINK_INSTALL_BINDIR "bin")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/helperlinkConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/helperlinkConfig.cmake"
  INSTALL_DESTINATION "${HELPERLINK_INSTALL_CMAKEDIR}"
  PATH_VARS HELPERLINK_INSTALL_BINDIR)

# 0.x: any 0.1.y satisfies find_package(helperlink 0.1); a tool, so the
# consumer's pointer size does not matter.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/cmake/helperlinkConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion
  ARCH_INDEPENDENT)

install(FILES
  "${PROJECT_BINARY_DIR}/cmake/helperlinkConfig.cmake"
  "${PROJECT_BINARY_DIR}/cmake/helperlinkConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/Helperlink.cmake"
  DESTINATION "${HELPERLINK_INSTALL_CMAKEDIR}")
