"""What every helperlink lit suite (test/lit, test/integration, test/kernel)
sets up alike: the test format, and an environment with helperlink's build,
LLVM 22's tools and the rustc under test first on PATH."""
import os

import lit.formats

# What rustup, cargo and the kernel corpus's cache need from the caller.
PASSED_THROUGH = ("HOME", "RUSTUP_HOME", "CARGO_HOME", "RUSTUP_TOOLCHAIN", "TMPDIR",
                  "XDG_CACHE_HOME")


def configure(config, name, source_root, excludes=("Inputs",), exec_root=None):
    config.name = name
    config.test_format = lit.formats.ShTest(execute_external=True)
    config.suffixes = [".test"]
    config.excludes = list(excludes)
    config.test_source_root = source_root
    config.test_exec_root = exec_root or config.helperlink_obj_root
    config.environment["PATH"] = os.pathsep.join(
        [config.helperlink_bin_dir, config.llvm_tools_dir, os.path.dirname(config.rustc),
         config.environment.get("PATH", ""), os.environ.get("PATH", "")])
    for var in PASSED_THROUGH:
        if var in os.environ:
            config.environment[var] = os.environ[var]
