# lit configuration for helperlink's end-to-end tests: every input is built
# at test time from committed sources with the real rustc and clang-22.
import os
import shutil

import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import litsupport  # noqa: E402 (test/litsupport.py)

litsupport.configure(config, "helperlink", os.path.dirname(__file__))

helperlink = os.path.join(config.helperlink_bin_dir, "helperlink")
config.substitutions.append(("%helperlink", helperlink))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%{rustc_path}", config.rustc))
# The crate side: rustc as a kernel or firmware build would call it for one
# crate, emitting bitcode; tests add their own -C flags.
config.substitutions.append(
    ("%rustc", config.rustc + " --edition=2021 --crate-type=lib -C panic=abort"))
# The helper side: clang-22 at -O2, as Kbuild compiles rust/helpers.
config.substitutions.append(("%cc_helpers", config.clang + " -O2 -emit-llvm -c"))
config.substitutions.append(("%python", shutil.which("python3") or "python3"))

# The rustc plugin, where this rustc can load it (plugin/CMakeLists.txt).
if config.helperlink_plugin:
    config.available_features.add("plugin")
    config.substitutions.append(("%wrong_major_plugin", config.helperlink_wrong_major_plugin))
    config.substitutions.append(("%plugin", config.helperlink_plugin))
    # rustc with the plugin loaded, as a build system would run it.
    # Before %rustc, which would otherwise match its prefix.
    config.substitutions.insert(0,
        ("%rustc_plugin", "env RUSTC_BOOTSTRAP=1 " + config.rustc +
         " --edition=2021 --crate-type=lib -C panic=abort -Zllvm-plugins=" +
         config.helperlink_plugin))

# A GCC-built kernel's helpers (test/kernel-real/helpers-gcc-to-clang.py).
if shutil.which("gcc"):
    config.available_features.add("gcc")
if shutil.which("aarch64-linux-gnu-gcc-12"):
    config.available_features.add("aarch64-gcc")
config.substitutions.append(("%kernel_real", os.path.join(os.path.dirname(os.path.dirname(__file__)),
                                                        "kernel-real")))
if shutil.which("clang-14"):
    config.available_features.add("clang-14")
if os.getuid() != 0:
    config.available_features.add("non-root")
