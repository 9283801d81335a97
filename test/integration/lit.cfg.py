# lit configuration of helperlink's integration suite: the build-system
# integrations, each built and run in the test's own temporary directory
# (%t) from a copy of its example under examples/:
#
#   examples/cmake   find_package(helperlink) after `cmake --install` of the
#                    helperlink build (Ninja), the module with
#                    -DHELPERLINK_EXECUTABLE (Unix Makefiles), plugin,
#                    post-step and wrapper mode and the mode's default,
#                    rebuilds from rustc's dep-info, and the configure-time
#                    check-compat failure
#   examples/make    plugin, post-step and wrapper mode, the mode's default,
#                    check-compat failing first
#   examples/kbuild  INLINE_HELPERS=0 and 1 in one tree, in plugin,
#                    post-step and wrapper mode: the helper symbols
#                    (llvm-nm), helpers_module.bc for modules, objtool on
#                    the result, one .text, reports, helper debug info,
#                    --exported-symbols=Module.symvers against modpost, the
#                    mode picked for a rustc that cannot load the plugin,
#                    a helper edit rebuilding only the objects that call it
#   examples/cargo   the workspace built offline with `cargo helperlink`
#                    (inlined, reports, rebuilds after helper edits in the
#                    release and the incremental dev profile, rustflags from
#                    every source kept, a helper no package declares, a
#                    refusal) and with plain cargo; through sccache (a
#                    helper edit and a new plugin miss the cache, the same
#                    inputs hit it as plain cargo's do, from a second
#                    checkout too; the same through a shared Redis server)
#   examples/liburing  a Rust binary on liburing, helpers inlined by
#                    `helperlink rustc` (plugin mode), run against the kernel
#
# Run it with `ctest -L integration` in the build directory, or
# `lit-22 -sv build/test/integration` (one test: give its path in the build
# directory, e.g. build/test/integration/make-default.test; lit's
# --filter=REGEX picks several). Each test's build trees and logs are kept
# in build/test/integration/Output/<test>.tmp.
#
# Features (REQUIRES:/UNSUPPORTED:; `%if plugin %{...%}` in RUN lines):
#   plugin        `helperlink check-compat --rustc=RUSTC` says "plugin: yes":
#                 the plugin-mode checks run. Where it does not, they are
#                 UNSUPPORTED, and the reason is printed when lit starts.
#   plugin-built  this build has the rustc plugin (the CMake target
#                 helperlink-rustc): then check-compat must say "plugin:
#                 yes" (plugin-expected.test fails otherwise, rather than
#                 every plugin check being skipped)
#   wrapper       `helperlink rustc` exists (wrapper mode)
#   cargo, debian-itoa  cargo, and Debian's librust-itoa-dev (the cargo
#                 workspace is built offline against it)
#   sccache, sccache-redis, redis-server  sccache; one built with its Redis
#                 backend (`sccache --help` says "Redis: true"; Debian 12's
#                 says false: scripts/install-sccache-redis installs sid's)
#                 and redis-server
#   liburing      liburing-dev's headers
# scripts/setup-deps installs every package these need.
#
# Shared bash helpers (symbols, reports, the stand-in rustc and clang) are
# in Inputs/lib.sh, which tests source.
import os
import re
import shutil
import subprocess

import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import litsupport  # noqa: E402 (test/litsupport.py)

litsupport.configure(config, "helperlink-integration", os.path.dirname(__file__),
                     excludes=("Inputs", "README.md"))

helperlink = os.path.join(config.helperlink_bin_dir, "helperlink")
source_dir = config.helperlink_source_dir
# What Inputs/lib.sh and the tests use. Not RUSTC or HELPERLINK: cargo,
# cargo helperlink and the examples' Makefiles read those, and they run
# here as a user runs them (the rustc first on PATH is config.rustc).
config.environment.update({
    "BINARY_DIR": config.helperlink_binary_dir,
    "SOURCE_DIR": source_dir,
    "NM": os.path.join(config.llvm_tools_dir, "llvm-nm"),
    "OBJDUMP": os.path.join(config.llvm_tools_dir, "llvm-objdump"),
    "READELF": os.path.join(config.llvm_tools_dir, "llvm-readelf"),
    "DWARFDUMP": os.path.join(config.llvm_tools_dir, "llvm-dwarfdump"),
})
config.substitutions.append(("%helperlink", helperlink))
config.substitutions.append(("%{binary_dir}", config.helperlink_binary_dir))
config.substitutions.append(("%{source_dir}", source_dir))
config.substitutions.append(("%{examples}", os.path.join(source_dir, "examples")))
config.substitutions.append(("%{lib}", os.path.join(config.test_source_root, "Inputs", "lib.sh")))
config.substitutions.append(("%rustc", config.rustc))
config.substitutions.append(("%clang", config.clang))

if not os.access(helperlink, os.X_OK):
    lit_config.fatal("no helperlink at %s (build it first)" % helperlink)

# Whether this rustc can load the plugin: check-compat's "plugin:" line.
compat = subprocess.run([helperlink, "check-compat", "--rustc=" + config.rustc],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
plugin_line = next((line for line in compat.stdout.splitlines() if line.startswith("plugin:")),
                   "check-compat printed no 'plugin:' line")
if plugin_line.startswith("plugin: yes"):
    config.available_features.add("plugin")
else:
    lit_config.note("the plugin-mode tests are UNSUPPORTED: helperlink check-compat --rustc=%s "
                    "says: %s" % (config.rustc, plugin_line))
if config.helperlink_plugin:
    config.available_features.add("plugin-built")
    if "plugin" not in config.available_features:
        lit_config.warning("this build has the rustc plugin, but check-compat says: %s "
                           "(plugin-expected.test fails)" % plugin_line)
config.substitutions.append(("%{plugin_rustc}", config.helperlink_plugin_rustc))

help_out = subprocess.run([helperlink, "rustc", "--help"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True).stdout
if "helperlink rustc " in help_out:
    config.available_features.add("wrapper")
else:
    lit_config.note("the wrapper-mode tests are UNSUPPORTED: this helperlink has no rustc mode")


def have(feature, ok, why):
    if ok:
        config.available_features.add(feature)
    else:
        lit_config.note("the tests that need %s are UNSUPPORTED: %s" % (feature, why))


have("cargo", shutil.which("cargo", path=config.environment["PATH"]), "cargo not found")
registry = "/usr/share/cargo/registry"
have("debian-itoa", os.path.isdir(registry) and any(d.startswith("itoa-1.") for d in os.listdir(registry)),
     "Debian's librust-itoa-dev is not installed (scripts/setup-deps)")
sccache = shutil.which("sccache", path=config.environment["PATH"])
have("sccache", sccache, "sccache is not installed (scripts/setup-deps installs Debian's)")


def sccache_has_redis(path):
    if not path or not os.access(path, os.X_OK):
        return False
    out = subprocess.run([path, "--help"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    return re.search(r"Redis: +true", out) is not None


# The shared-cache test's sccache: PATH's where it has the Redis backend, or
# the one scripts/install-sccache-redis installs (Debian 12's has none).
sccache_redis = sccache
if not sccache_has_redis(sccache_redis):
    sccache_redis = subprocess.run([os.path.join(source_dir, "scripts", "install-sccache-redis"),
                                    "--print-path"], stdout=subprocess.PIPE, text=True).stdout.strip()
have("sccache-redis", sccache_has_redis(sccache_redis),
     "no sccache with its Redis backend: PATH's says Redis: false, as Debian 12's does, "
     "and scripts/install-sccache-redis (run by scripts/setup-deps) has not installed one")
config.substitutions.append(("%{sccache_redis}", sccache_redis or "sccache"))
have("redis-server", shutil.which("redis-server", path=config.environment["PATH"]),
     "redis-server is not installed (scripts/setup-deps installs it)")
have("liburing", os.path.exists("/usr/include/liburing.h"),
     "liburing-dev is not installed (scripts/setup-deps installs it)")
