# Helperlink.cmake - build a Rust crate's object with C helpers inlined.
#
#   helperlink_add_rust_object(<name>
#     CRATE <lib.rs>
#     HELPERS <helpers.c|helpers.bc|helpers.ll>...
#     [CRATE_NAME <crate_name>]     default: <name>, '-' turned into '_'
#     [EDITION <edition>]           default: 2021
#     [RUSTFLAGS <flag>...]         after the defaults -Copt-level=2
#                                   -Cpanic=abort -Ccodegen-units=1
#                                   (for -C options the last one wins)
#     [CFLAGS <flag>...]            for the helper .c files, after -O2
#     [REQUIRE_INLINED]             fail the build if a helper call is left
#     [REPORT <file.json>]          helperlink's per-call-site report
#     [EXPORTED_SYMBOLS <file>]     symbols the object may reference
#     [HELPERLINK_ARGS <arg>...]    more helperlink options (-v, --strict, ...)
#     [DEPENDS <file>...]           more inputs of the crate (include_bytes!, ...)
#     [OUTPUT <file.o>])            default: <bindir>/<name>.helperlink/<crate>.o
#
# compiles each helper .c file to bitcode with clang (HELPERLINK_CLANG) and
# the crate to an object with rustc (HELPERLINK_RUSTC, --crate-type=lib, with
# rustc's dep-info as the DEPFILE so that editing any module of the crate
# rebuilds it), the helpers inlined, in one of two modes (HELPERLINK_MODE):
#   plugin     one step: rustc's own pipeline inlines the helpers through
#              helperlink's rustc plugin (`helperlink rustc --mode=plugin --
#              rustc ... --emit=obj=X`); the default where
#              `helperlink check-compat` says "plugin: yes"
#   post-step  two steps: rustc --emit=llvm-bc, then helperlink on the two;
#              the default otherwise. Editing a helper reruns only helperlink.
# The result is <name>, an INTERFACE library whose only usage requirement is
# the object file, so
#
#   target_link_libraries(app PRIVATE <name>)
#
# links the object into app (directly, not through an archive), and builds
# it first. The object path is in the target property HELPERLINK_OBJECT, the
# report's in HELPERLINK_REPORT; <name>_helperlink is the custom target that
# builds them (part of ALL).
#
# The crate is linked as a plain object: nothing from core/std is linked
# with it, so it should be #![no_std] and call nothing from core (or the
# program must provide what it calls).
#
# At configure time the first call runs `helperlink check-compat` on the
# rustc and clang found and stops with a clear message when their LLVM
# majors differ from helperlink's. It also picks the mode and says which,
# and why.
#
# The helpers and the crate must be built for the same target: a --target
# in RUSTFLAGS needs the matching --target in CFLAGS.
#
# Variables (cache, may be set with -D; the module looks for the tools when
# it is included, so the project's own rules may use them too):
#   HELPERLINK_EXECUTABLE        helperlink; set by find_package(helperlink),
#                                else searched on PATH
#   HELPERLINK_CLANG             clang-<helperlink's LLVM major>
#   HELPERLINK_RUSTC             rustc: the first on PATH, then
#                                $CARGO_HOME/bin and ~/.cargo/bin
#   HELPERLINK_MODE              plugin, post-step, or empty (the default):
#                                plugin where this rustc can load helperlink's
#                                plugin, else post-step
#   HELPERLINK_USE_RUSTC_WRAPPER ON: one step, `helperlink rustc ... -- rustc
#                                ... --emit=obj=X`, which picks the plugin or
#                                the post-step itself (overrides
#                                HELPERLINK_MODE)

# Script mode, run by the one-step rules after rustc:
#   cmake -DHELPERLINK_DEPFILE=D -DHELPERLINK_DEPFILE_TARGET=X -P Helperlink.cmake
# rustc's dep-info names the dep-info file itself first and the object X
# second; Ninja takes the first target for the rule's output and would
# rebuild X every time. X's rule is moved first.
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED HELPERLINK_DEPFILE)
  file(STRINGS "${HELPERLINK_DEPFILE}" _lines)
  set(_first "")
  set(_rest "")
  foreach(_line IN LISTS _lines)
    string(FIND "${_line}" "${HELPERLINK_DEPFILE_TARGET}:" _at)
    if(_at EQUAL 0 AND _first STREQUAL "")
      set(_first "${_line}\n\n")
    else()
      string(APPEND _rest "${_line}\n\n")
    endif()
  endforeach()
  if(NOT _first STREQUAL "")
    file(WRITE "${HELPERLINK_DEPFILE}.tmp" "${_first}${_rest}")
    file(RENAME "${HELPERLINK_DEPFILE}.tmp" "${HELPERLINK_DEPFILE}")
  endif()
  return()
endif()

include_guard(GLOBAL)
set_property(GLOBAL PROPERTY _HELPERLINK_MODULE_FILE "${CMAKE_CURRENT_LIST_FILE}")

if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "Helperlink.cmake needs CMake 3.20 or newer (DEPFILE with "
                      "Makefile generators, CMP0116)")
endif()

# Functions record the policies in effect where they are defined.
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.31)

# --- tools -------------------------------------------------------------------

# Finds helperlink, clang and rustc. With fatal FALSE (when the module is
# included) a missing tool is left for later; with TRUE (first use) it is an
# error.
macro(_helperlink_tool_missing)
  if(fatal)
    message(FATAL_ERROR ${ARGN})
  endif()
  return()
endmacro()

function(_helperlink_find_tools fatal)
  get_property(_done GLOBAL PROPERTY _HELPERLINK_TOOLS_FOUND)
  if(_done)
    return()
  endif()

  # helperlink: HELPERLINK_EXECUTABLE (a -D, or set by helperlinkConfig.cmake),
  # then the helperlink::helperlink target, then PATH.
  set(_exe "${HELPERLINK_EXECUTABLE}")
  if(NOT _exe AND TARGET helperlink::helperlink)
    get_target_property(_exe helperlink::helperlink IMPORTED_LOCATION)
  endif()
  if(NOT _exe)
    find_program(HELPERLINK_EXECUTABLE NAMES helperlink DOC "helperlink executable")
    set(_exe "${HELPERLINK_EXECUTABLE}")
  endif()
  if(NOT _exe OR NOT EXISTS "${_exe}")
    _helperlink_tool_missing(
      "helperlink: cannot find the helperlink executable (${_exe}). Install "
      "helperlink and use find_package(helperlink), or pass "
      "-DHELPERLINK_EXECUTABLE=/path/to/helperlink.")
  endif()
  if(NOT TARGET helperlink::helperlink)
    add_executable(helperlink::helperlink IMPORTED GLOBAL)
    set_target_properties(helperlink::helperlink PROPERTIES IMPORTED_LOCATION "${_exe}")
  endif()
  set_property(GLOBAL PROPERTY HELPERLINK_EXECUTABLE "${_exe}")
  set(HELPERLINK_EXECUTABLE "${_exe}")

  # helperlink's own LLVM major picks the clang to use: recorded by
  # helperlinkConfig.cmake, else read from `helperlink --version`.
  set(_major "${helperlink_LLVM_VERSION_MAJOR}")
  if(NOT _major)
    execute_process(COMMAND "${HELPERLINK_EXECUTABLE}" --version
      OUTPUT_VARIABLE _version ERROR_VARIABLE _version RESULT_VARIABLE _rc)
    if(_version MATCHES "LLVM version ([0-9]+)\\.")
      set(_major "${CMAKE_MATCH_1}")
    else()
      _helperlink_tool_missing("helperlink: `${HELPERLINK_EXECUTABLE} --version` "
                               "did not print its LLVM version (exit ${_rc}): ${_version}")
    endif()
  endif()
  set_property(GLOBAL PROPERTY HELPERLINK_LLVM_VERSION_MAJOR "${_major}")

  find_program(HELPERLINK_CLANG NAMES clang-${_major}
    HINTS /usr/lib/llvm-${_major}/bin
    DOC "clang for the C helpers (must use helperlink's LLVM major, ${_major})")
  if(NOT HELPERLINK_CLANG)
    _helperlink_tool_missing("helperlink: cannot find clang-${_major} for the C helpers; "
                             "pass -DHELPERLINK_CLANG=/path/to/clang (LLVM ${_major})")
  endif()
  # The rustc the user runs: PATH first (rustup puts ~/.cargo/bin there),
  # then rustup's directories. PATHS, not HINTS: HINTS come before PATH,
  # and "$ENV{CARGO_HOME}/bin" is "/bin" when CARGO_HOME is unset.
  set(_cargo_bins "")
  if(DEFINED ENV{CARGO_HOME} AND NOT "$ENV{CARGO_HOME}" STREQUAL "")
    list(APPEND _cargo_bins "$ENV{CARGO_HOME}/bin")
  endif()
  if(DEFINED ENV{HOME} AND NOT "$ENV{HOME}" STREQUAL "")
    list(APPEND _cargo_bins "$ENV{HOME}/.cargo/bin")
  endif()
  find_program(HELPERLINK_RUSTC NAMES rustc
    PATHS ${_cargo_bins}
    DOC "rustc for the crates (must use helperlink's LLVM major, ${_major})")
  if(NOT HELPERLINK_RUSTC)
    _helperlink_tool_missing("helperlink: cannot find rustc; pass -DHELPERLINK_RUSTC=/path/to/rustc")
  endif()

  option(HELPERLINK_USE_RUSTC_WRAPPER
    "Build each crate with one `helperlink rustc -- rustc ...` step" OFF)
  set(HELPERLINK_MODE "" CACHE STRING
    "How crates get their helpers inlined: plugin, post-step, or empty for plugin where rustc can load it")
  set_property(CACHE HELPERLINK_MODE PROPERTY STRINGS "" plugin post-step)
  if(HELPERLINK_USE_RUSTC_WRAPPER)
    execute_process(COMMAND "${HELPERLINK_EXECUTABLE}" rustc --help
      OUTPUT_VARIABLE _help ERROR_VARIABLE _help RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0 OR NOT _help MATCHES "helperlink rustc ")
      _helperlink_tool_missing("helperlink: HELPERLINK_USE_RUSTC_WRAPPER is ON but "
                               "${HELPERLINK_EXECUTABLE} has no `rustc` mode; "
                               "turn the option OFF or use a newer helperlink")
    endif()
  endif()

  set_property(GLOBAL PROPERTY _HELPERLINK_TOOLS_FOUND TRUE)
endfunction()

# helperlink_check_compat(): the configure-time twin of the kernel's
# CONFIG_RUSTC_CLANG_LLVM_COMPATIBLE. Runs once per configure;
# helperlink_add_rust_object() calls it.
function(helperlink_check_compat)
  _helperlink_find_tools(TRUE)
  get_property(HELPERLINK_EXECUTABLE GLOBAL PROPERTY HELPERLINK_EXECUTABLE)
  get_property(_checked GLOBAL PROPERTY _HELPERLINK_COMPAT_CHECKED)
  if(_checked)
    return()
  endif()
  execute_process(
    COMMAND "${HELPERLINK_EXECUTABLE}" check-compat
            "--rustc=${HELPERLINK_RUSTC}" "--cc=${HELPERLINK_CLANG}"
    OUTPUT_VARIABLE _out ERROR_VARIABLE _err RESULT_VARIABLE _rc)
  string(STRIP "${_out}" _out)
  string(STRIP "${_err}" _err)
  if(NOT _rc EQUAL 0)
    get_property(_major GLOBAL PROPERTY HELPERLINK_LLVM_VERSION_MAJOR)
    string(REPLACE "\n" "\n    " _out "${_out}")
    message(FATAL_ERROR
      "helperlink: rustc and clang do not both use LLVM ${_major}, helperlink's "
      "LLVM major, so their bitcode cannot be inlined together.\n"
      "  ${HELPERLINK_EXECUTABLE} check-compat --rustc=${HELPERLINK_RUSTC} "
      "--cc=${HELPERLINK_CLANG} (exit ${_rc}):\n"
      "    ${_out}\n"
      "  ${_err}\n"
      "Point HELPERLINK_RUSTC and HELPERLINK_CLANG at a rustc and a clang built "
      "on LLVM ${_major} (e.g. -DHELPERLINK_CLANG=/usr/bin/clang-${_major}).")
  endif()
  if(_out MATCHES "rustc: [^\n]*: LLVM ([0-9.]+)")
    set(_rv "${CMAKE_MATCH_1}")
  endif()
  if(_out MATCHES "clang: [^\n]*: LLVM ([0-9.]+)")
    set(_cv "${CMAKE_MATCH_1}")
  endif()
  # The mode: check-compat's "plugin: yes|no: <reason>" line decides the default.
  set(_plugin "no")
  set(_plugin_reason "check-compat printed no plugin line")
  if(_out MATCHES "plugin: (yes|no): ([^\n]*)")
    set(_plugin "${CMAKE_MATCH_1}")
    set(_plugin_reason "${CMAKE_MATCH_2}")
  endif()
  if(HELPERLINK_USE_RUSTC_WRAPPER)
    set(_mode wrapper)
  elseif(HELPERLINK_MODE STREQUAL "")
    if(_plugin STREQUAL "yes")
      set(_mode plugin)
    else()
      set(_mode post-step)
    endif()
  elseif(HELPERLINK_MODE STREQUAL "plugin" OR HELPERLINK_MODE STREQUAL "post-step")
    set(_mode "${HELPERLINK_MODE}")
  else()
    message(FATAL_ERROR "helperlink: HELPERLINK_MODE=${HELPERLINK_MODE}: use plugin, "
                        "post-step, or leave it empty")
  endif()
  if(_mode STREQUAL "plugin" AND NOT _plugin STREQUAL "yes")
    message(FATAL_ERROR "helperlink: HELPERLINK_MODE=plugin, but ${HELPERLINK_RUSTC} cannot "
                        "load helperlink's rustc plugin: ${_plugin_reason}. Use "
                        "-DHELPERLINK_MODE=post-step, or leave it empty.")
  endif()
  set_property(GLOBAL PROPERTY HELPERLINK_MODE_USED "${_mode}")
  message(STATUS "helperlink: ${_mode} mode (plugin: ${_plugin}: ${_plugin_reason})")
  message(STATUS "helperlink: ${HELPERLINK_EXECUTABLE}; rustc ${HELPERLINK_RUSTC} "
                 "(LLVM ${_rv}) and clang ${HELPERLINK_CLANG} (LLVM ${_cv}) compatible")
  set_property(GLOBAL PROPERTY _HELPERLINK_COMPAT_CHECKED TRUE)
endfunction()

# --- helperlink_add_rust_object ------------------------------------------------

function(helperlink_add_rust_object name)
  cmake_parse_arguments(PARSE_ARGV 1 arg
    "REQUIRE_INLINED"
    "CRATE;CRATE_NAME;EDITION;REPORT;EXPORTED_SYMBOLS;OUTPUT"
    "HELPERS;RUSTFLAGS;CFLAGS;HELPERLINK_ARGS;DEPENDS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "helperlink_add_rust_object(${name}): unknown arguments: "
                        "${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_CRATE)
    message(FATAL_ERROR "helperlink_add_rust_object(${name}): CRATE <lib.rs> is required")
  endif()
  if(NOT arg_HELPERS)
    message(FATAL_ERROR "helperlink_add_rust_object(${name}): HELPERS <file>... is required")
  endif()

  helperlink_check_compat()
  get_property(HELPERLINK_EXECUTABLE GLOBAL PROPERTY HELPERLINK_EXECUTABLE)

  if(NOT arg_CRATE_NAME)
    string(REPLACE "-" "_" arg_CRATE_NAME "${name}")
  endif()
  if(NOT arg_EDITION)
    set(arg_EDITION 2021)
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${name}.helperlink")
  file(MAKE_DIRECTORY "${dir}/helpers")
  get_filename_component(crate "${arg_CRATE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(arg_OUTPUT)
    get_filename_component(obj "${arg_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(obj "${dir}/${arg_CRATE_NAME}.o")
  endif()
  get_filename_component(obj_dir "${obj}" DIRECTORY)
  file(MAKE_DIRECTORY "${obj_dir}")
  set(bc "${dir}/${arg_CRATE_NAME}.bc")
  set(depfile "${dir}/${arg_CRATE_NAME}.d")

  # DEPFILE where the generator supports it (3.20: Ninja and Makefiles);
  # elsewhere every .rs file next to the crate root, which is a fair guess.
  set(use_depfile OFF)
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    set(use_depfile ON)
  endif()

  # Helpers: .c -> bitcode with clang; .bc/.ll are used as they are.
  set(helper_bcs "")
  set(i 0)
  foreach(h IN LISTS arg_HELPERS)
    get_filename_component(h "${h}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(ext "${h}" LAST_EXT)
    if(ext STREQUAL ".bc" OR ext STREQUAL ".ll")
      list(APPEND helper_bcs "${h}")
      continue()
    endif()
    get_filename_component(stem "${h}" NAME_WE)
    set(hbc "${dir}/helpers/${i}-${stem}.bc")
    math(EXPR i "${i} + 1")
    set(hdep "")
    set(hdepargs "")
    if(use_depfile)
      set(hdep DEPFILE "${hbc}.d")
      set(hdepargs -MD -MF "${hbc}.d")
    endif()
    add_custom_command(OUTPUT "${hbc}"
      COMMAND "${HELPERLINK_CLANG}" -O2 ${arg_CFLAGS} ${hdepargs}
              -emit-llvm -c "${h}" -o "${hbc}"
      DEPENDS "${h}" ${hdep}
      COMMENT "Compiling C helpers ${stem}.c to bitcode for ${name}"
      VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND helper_bcs "${hbc}")
  endforeach()

  set(rustc_args
    "--edition=${arg_EDITION}" --crate-type=lib "--crate-name=${arg_CRATE_NAME}"
    -Copt-level=2 -Cpanic=abort -Ccodegen-units=1 ${arg_RUSTFLAGS})

  set(hl_args "")
  foreach(hbc IN LISTS helper_bcs)
    list(APPEND hl_args "--helpers=${hbc}")
  endforeach()
  set(byproducts "")
  set(report "")
  if(arg_REQUIRE_INLINED)
    list(APPEND hl_args --require-inlined)
  endif()
  if(arg_REPORT)
    get_filename_component(report "${arg_REPORT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    get_filename_component(report_dir "${report}" DIRECTORY)
    file(MAKE_DIRECTORY "${report_dir}")
    list(APPEND hl_args "--report=${report}")
    list(APPEND byproducts "${report}")
  endif()
  set(extra_deps ${arg_DEPENDS})
  set(exports "")
  if(arg_EXPORTED_SYMBOLS)
    get_filename_component(exports "${arg_EXPORTED_SYMBOLS}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND hl_args "--exported-symbols=${exports}")
  endif()
  list(APPEND hl_args ${arg_HELPERLINK_ARGS})

  set(crate_dep "")
  set(crate_byproducts "")
  if(use_depfile)
    set(crate_dep DEPFILE "${depfile}")
    # rustc's dep-info names itself as an output too: declare it, or Ninja
    # refuses the depfile.
    set(crate_byproducts "${depfile}")
  else()
    get_filename_component(crate_dir "${crate}" DIRECTORY)
    file(GLOB_RECURSE crate_sources CONFIGURE_DEPENDS "${crate_dir}/*.rs")
    list(APPEND extra_deps ${crate_sources})
  endif()

  get_property(mode GLOBAL PROPERTY HELPERLINK_MODE_USED)
  if(mode STREQUAL "plugin" OR mode STREQUAL "wrapper")
    # One step: the crate's own rustc command, unchanged (--emit=obj=X),
    # behind `helperlink rustc ... --`. In plugin mode rustc's own pipeline
    # inlines the helpers through the plugin and writes X; the report is one
    # file, gathered from the codegen units'. In wrapper mode helperlink
    # picks the plugin or the post-step (rustc writes bitcode to a
    # temporary file, helperlink writes X). The dep-info names X.
    set(mode_arg "")
    if(mode STREQUAL "plugin")
      set(mode_arg --mode=plugin)
    endif()
    set(fix_depfile "")
    if(use_depfile)
      get_property(module_file GLOBAL PROPERTY _HELPERLINK_MODULE_FILE)
      set(fix_depfile COMMAND "${CMAKE_COMMAND}" "-DHELPERLINK_DEPFILE=${depfile}"
                              "-DHELPERLINK_DEPFILE_TARGET=${obj}" -P "${module_file}")
    endif()
    # The plugin does the inlining: a new one rebuilds the object, as a new
    # helperlink does.
    execute_process(COMMAND "${HELPERLINK_EXECUTABLE}" --print-plugin-path
                    OUTPUT_VARIABLE plugin OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE plugin_rc ERROR_QUIET)
    if(NOT plugin_rc EQUAL 0 OR NOT EXISTS "${plugin}")
      set(plugin "")
    endif()
    add_custom_command(OUTPUT "${obj}"
      BYPRODUCTS ${byproducts} ${crate_byproducts}
      COMMAND "${HELPERLINK_EXECUTABLE}" rustc ${mode_arg} ${hl_args} --
              "${HELPERLINK_RUSTC}" ${rustc_args}
              "--emit=dep-info=${depfile}" "--emit=obj=${obj}" "${crate}"
      ${fix_depfile}
      DEPENDS "${crate}" ${helper_bcs} ${extra_deps} ${exports}
              "${HELPERLINK_EXECUTABLE}" ${plugin}
      ${crate_dep}
      WORKING_DIRECTORY "${dir}"
      COMMENT "Building Rust object ${name} with helpers inlined (helperlink rustc, ${mode} mode)"
      VERBATIM COMMAND_EXPAND_LISTS)
  else()
    # Post-step mode: rustc writes the crate's bitcode, helperlink the object.
    add_custom_command(OUTPUT "${bc}"
      BYPRODUCTS ${crate_byproducts}
      COMMAND "${HELPERLINK_RUSTC}" ${rustc_args}
              "--emit=dep-info=${depfile},llvm-bc=${bc}" "${crate}"
      DEPENDS "${crate}" ${extra_deps}
      ${crate_dep}
      WORKING_DIRECTORY "${dir}"
      COMMENT "Compiling Rust crate ${arg_CRATE_NAME} to bitcode"
      VERBATIM COMMAND_EXPAND_LISTS)
    add_custom_command(OUTPUT "${obj}"
      BYPRODUCTS ${byproducts}
      COMMAND "${HELPERLINK_EXECUTABLE}" "${bc}" ${hl_args} -o "${obj}"
      DEPENDS "${bc}" ${helper_bcs} ${exports} "${HELPERLINK_EXECUTABLE}"
      WORKING_DIRECTORY "${dir}"
      COMMENT "Inlining C helpers into ${arg_CRATE_NAME} (helperlink)"
      VERBATIM COMMAND_EXPAND_LISTS)
  endif()

  add_custom_target(${name}_helperlink ALL DEPENDS "${obj}")
  add_library(${name} INTERFACE)
  target_link_libraries(${name} INTERFACE "${obj}")
  add_dependencies(${name} ${name}_helperlink)
  set_target_properties(${name} PROPERTIES
    HELPERLINK_OBJECT "${obj}"
    HELPERLINK_REPORT "${report}")
endfunction()

# Look for the tools now, so that HELPERLINK_CLANG and HELPERLINK_RUSTC can
# be used by the project's own rules; what is missing is an error at first use.
_helperlink_find_tools(FALSE)

cmake_policy(POP)
