#!/usr/bin/env python3
"""helperlink refuses, at compile time, an external module whose inlined
helpers reference a symbol the kernel does not export.

usage: check-exports.py [--helperlink=PATH] ARCH_DIR [VARIANT...]
       check-exports.py [--helperlink=PATH] [--kernel=6.12|7.3] [--arch=ARCH] [--cc=clang|gcc] [VARIANT...]
  ARCH_DIR  ${XDG_CACHE_HOME:-~/.cache}/helperlink/kernel-real-KERNEL/<arch>[-gcc],
            as scripts/kernel-build leaves it (--kernel, --arch and --cc name it
            the same way kernel-build does)
  VARIANT   helperlink's variants there (6.12: c, d; 7.3: c, c0); by default
            every one that is built

The module is helperlink_vvec (test/kernel-real/modules), whose KVec
reaches the vrealloc helper's callee: 6.12's vrealloc_noprof (exported by
the tree patch) or 7.3's vrealloc_node_align_noprof. For each variant, kbuild's
own command for helperlink_vvec.o, recorded in extmod/.helperlink_vvec.o.cmd,
is parsed (shlex) and run again with only its outputs moved to
VARIANT/exports-check/ and helperlink's inputs named as arguments:
  - the variant's Module.symvers: helperlink accepts the module and writes
    its object (the command still builds in this tree);
  - the same without that symbol: helperlink fails, naming the symbol and
    the helper that references it, and leaves no object.
helperlink is the one given (its plugin for the plugin variants), not the one
the variant was built with. The module is compiled against the build tree's
kernel crate and helpers' bitcode (build-<arch>/rust), as the command names
them, whichever of helperlink's variants the tree was built for last: the
kernel crate's metadata is the same, and so is what the vrealloc helper
calls.

Writes VARIANT/exports-check/ (the two runs' logs, checks.txt), prints one
PASS/FAIL line per check, exits 1 when one fails and 77 when no variant of
helperlink's is built in ARCH_DIR.
"""
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

HELPERLINK_VARIANTS = ("c", "c0", "d")
# The vrealloc helper and its callee, which Module.symvers lists.
VREALLOC = {"6.12": ("rust_helper_vrealloc", "vrealloc_noprof"),
            "7.3": ("rust_helper_vrealloc_node_align", "vrealloc_node_align_noprof")}
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def usage(message):
    sys.exit(f"check-exports.py: {message}\n{__doc__.split(chr(10) + chr(10))[1]}")


def parse_args(argv):
    repo = pathlib.Path(__file__).resolve().parents[2]
    helperlink = os.environ.get("HELPERLINK", str(repo / "build" / "bin" / "helperlink"))
    kernel, arch, cc, positional = "6.12", "x86_64", "clang", []
    for arg in argv:
        if arg.startswith("--helperlink="):
            helperlink = arg.split("=", 1)[1]
        elif arg.startswith("--kernel="):
            kernel = arg.split("=", 1)[1]
        elif arg.startswith("--arch="):
            arch = arg.split("=", 1)[1]
        elif arg.startswith("--cc="):
            cc = arg.split("=", 1)[1]
        elif arg in ("-h", "--help"):
            print(__doc__)
            sys.exit(0)
        elif arg.startswith("-"):
            usage(f"unknown option '{arg}'")
        else:
            positional.append(arg)
    if positional and ("/" in positional[0] or pathlib.Path(positional[0]).is_dir()):
        arch_dir = pathlib.Path(positional.pop(0)).resolve()
    else:
        cache = pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache")
        arch_dir = cache / "helperlink" / f"kernel-real-{kernel}" / (arch + ("-gcc" if cc == "gcc" else ""))
    for v in positional:
        if v not in HELPERLINK_VARIANTS:
            usage(f"variant '{v}': not one of helperlink's ({', '.join(HELPERLINK_VARIANTS)})")
    return pathlib.Path(helperlink).resolve(), arch_dir, positional


def saved_command(cmd_file):
    """kbuild's command for the object, as (target, environment, argv): the
    savedcmd line, make's `$$` unescaped, up to the first `;` that is not
    quoted (objtool runs after it)."""
    for line in cmd_file.read_text().splitlines():
        m = re.match(r"savedcmd_(\S+) := (.*)$", line)
        if m:
            break
    else:
        raise ValueError(f"no savedcmd_ line in {cmd_file}")
    lexer = shlex.shlex(m.group(2).replace("$$", "$"), posix=True, punctuation_chars=";")
    lexer.whitespace_split = True
    words = []
    for word in lexer:
        if word == ";":
            break
        words.append(word)
    env = {}
    while words and ASSIGNMENT.match(words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return m.group(1), env, words


def option_value(args, name):
    """The values of `NAME=VALUE` and `NAME VALUE` in args."""
    values = []
    for i, a in enumerate(args):
        if a.startswith(name + "="):
            values.append(a[len(name) + 1:])
        elif a == name and i + 1 < len(args):
            values.append(args[i + 1])
    return values


def replace_option(args, name, value):
    """args with every `NAME=...` and `NAME ...` given VALUE instead."""
    out, skip = [], False
    for a in args:
        if skip:
            out.append(value)
            skip = False
        elif a.startswith(name + "="):
            out.append(f"{name}={value}")
        elif a == name:
            out.append(a)
            skip = True
        else:
            out.append(a)
    return out


class Rerun:
    """kbuild's command for helperlink_vvec.o with its outputs and
    helperlink's inputs as the check gives them."""

    def __init__(self, vdir, build_tree, helperlink):
        target, self.env, argv = saved_command(vdir / "extmod" / ".helperlink_vvec.o.cmd")
        # 6.12 runs an external module's rustc in the kernel's build tree and
        # names the module's files by their absolute paths, which end in
        # VARIANT.tmp/ (kernel-build renames it to VARIANT/ when it is done);
        # 7.3 runs it in the module's directory with relative paths.
        self.cwd = build_tree if os.path.isabs(target) else vdir / "extmod"
        built_in = str(vdir) + ".tmp/"

        def moved(word):
            return str(vdir) + "/" + word[len(built_in):] if word.startswith(built_in) else word
        argv = [moved(a) for a in argv]
        self.env = {k: moved(v) for k, v in self.env.items()}
        if "HELPERLINK_OPTIONS" in self.env:
            # The plugin (c, c0): its options in the environment.
            self.kind = "plugin"
            self.options = shlex.split(self.env["HELPERLINK_OPTIONS"])
            plugin = subprocess.run([str(helperlink), "--print-plugin-path"], capture_output=True,
                                    text=True, check=True).stdout.strip()
            argv = [f"-Zllvm-plugins={plugin}" if a.startswith("-Zllvm-plugins=") else a for a in argv]
            self.helperlink, self.rustc = [], argv
        elif argv and os.path.basename(argv[0]) == "helperlink" and "--" in argv:
            # The post-step (d): helperlink rustc OPTIONS -- rustc ...
            self.kind = "post-step"
            cut = argv.index("--")
            self.options = argv[2:cut]
            self.helperlink, self.rustc = [str(helperlink), argv[1]], argv[cut + 1:]
        else:
            raise ValueError("neither helperlink's plugin nor its post-step in the command: "
                             + shlex.join(argv))
        exported = option_value(self.options, "--exported-symbols")
        if not exported or not option_value(self.rustc, "--emit"):
            raise ValueError("no --exported-symbols or --emit in the command: " + shlex.join(argv))

    def run(self, exported_symbols, out_dir, log):
        out_dir.mkdir(parents=True, exist_ok=True)
        options = replace_option(self.options, "--exported-symbols", str(exported_symbols))
        options = replace_option(options, "--report", str(out_dir / "report"))
        emit = []
        for e in option_value(self.rustc, "--emit"):
            kind = e.split("=", 1)[0]
            emit.append(f"{kind}={out_dir / ('helperlink_vvec.d' if kind == 'dep-info' else 'helperlink_vvec.o')}")
        rustc = [a for a in self.rustc if not a.startswith("--emit")]
        rustc = replace_option(rustc, "--out-dir", str(out_dir))
        rustc[1:1] = [f"--emit={e}" for e in emit]
        env = dict(os.environ, **self.env, RUSTC_BOOTSTRAP="1")  # the kernel's Makefile exports it
        if self.kind == "plugin":
            env["HELPERLINK_OPTIONS"] = shlex.join(options)
            argv = rustc
        else:
            argv = self.helperlink + options + ["--"] + rustc
        with open(log, "w") as f:
            f.write("$ cd " + shlex.quote(str(self.cwd)) + " && " + " ".join(
                f"{k}={shlex.quote(v)}" for k, v in sorted(self.env.items()) if k != "HELPERLINK_OPTIONS")
                + (f" HELPERLINK_OPTIONS={shlex.quote(env['HELPERLINK_OPTIONS'])}" if self.kind == "plugin" else "")
                + " RUSTC_BOOTSTRAP=1 " + shlex.join(argv) + "\n")
            f.flush()
            status = subprocess.run(argv, cwd=self.cwd, env=env, stdout=f, stderr=subprocess.STDOUT).returncode
        return status, out_dir / "helperlink_vvec.o"


def check_variant(arch_dir, variant, helperlink, kernel):
    vdir = arch_dir / variant
    helper, symbol = VREALLOC[kernel]
    build_tree = arch_dir.parent / f"build-{arch_dir.name}"
    work = vdir / "exports-check"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    lines, failed = [], False

    def check(ok, what, detail=""):
        nonlocal failed
        failed |= not ok
        lines.append(f"{'PASS' if ok else 'FAIL'} {variant}: {what}{': ' + detail if detail else ''}")

    try:
        rerun = Rerun(vdir, build_tree, helperlink)
    except (ValueError, OSError, subprocess.CalledProcessError) as e:
        check(False, "kbuild's command for helperlink_vvec.o", str(e))
        return lines, failed
    symvers = (vdir / "Module.symvers").read_text().splitlines(keepends=True)
    without = [l for l in symvers if not re.search(rf"(?<![A-Za-z0-9_]){symbol}(?![A-Za-z0-9_])", l)]
    (work / f"Module.symvers.without-{symbol}").write_text("".join(without))
    # The check means something only where the kernel exports the symbol.
    check(len(without) == len(symvers) - 1, f"the variant's Module.symvers exports {symbol} once")

    status, obj = rerun.run(vdir / "Module.symvers", work / "exported", work / "exported.log")
    check(status == 0 and obj.is_file(),
          f"{rerun.kind}: helperlink accepts helperlink_vvec against the variant's Module.symvers",
          "" if status == 0 else f"exit status {status}; see {work / 'exported.log'}")

    status, obj = rerun.run(work / f"Module.symvers.without-{symbol}", work / "unexported", work / "unexported.log")
    log = (work / "unexported.log").read_text(errors="replace")
    named = f"'{symbol}' is referenced by helper '{helper}'" in log
    check(status != 0 and named,
          f"{rerun.kind}: helperlink refuses helperlink_vvec against a Module.symvers without {symbol}, "
          f"naming it and {helper}",
          "it accepted the module" if status == 0 else "" if named else
          "unexpected error:\n     " + "\n     ".join(log.strip().splitlines()[-8:]))
    check(not obj.exists(), f"{rerun.kind}: no object is left after the refusal", str(obj) if obj.exists() else "")
    (work / "checks.txt").write_text("".join(l + "\n" for l in lines))
    return lines, failed


def main(argv):
    helperlink, arch_dir, variants = parse_args(argv)
    kernel = arch_dir.parent.name.removeprefix("kernel-real-")
    if kernel not in VREALLOC:
        usage(f"{arch_dir}: not a kernel-build results directory (kernel-real-6.12/ARCH or kernel-real-7.3/ARCH)")
    built = [v for v in HELPERLINK_VARIANTS if (arch_dir / v / "extmod" / ".helperlink_vvec.o.cmd").is_file()]
    if not variants:
        variants = built
    if not variants:
        print(f"check-exports.py: no variant of helperlink's ({', '.join(HELPERLINK_VARIANTS)}) is built "
              f"in {arch_dir}: scripts/kernel-build builds them")
        return 77
    if not helperlink.is_file():
        usage(f"{helperlink}: no helperlink (scripts/build, or --helperlink=)")
    failed = False
    for v in variants:
        if v not in built:
            print(f"FAIL {v}: not built in {arch_dir}")
            failed = True
            continue
        lines, f = check_variant(arch_dir, v, helperlink, kernel)
        print("\n".join(lines))
        failed |= f
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
