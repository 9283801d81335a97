#!/usr/bin/env python3
"""GCC's command for the Rust helpers, as clang's: the helpers of a GCC-built
kernel compiled to LLVM bitcode by clang, for helperlink's plugin.

usage:
  helpers-gcc-to-clang.py [--clang=CLANG] [--stamp=X] -- GCC ARGS...
      kbuild's command for rust/helpers/helpers.bc (helpers_module.bc) in a
      GCC-built kernel: GCC ARGS are the arguments kbuild gives GCC for
      rust/helpers/helpers.c (c_flags, `-c -g0 helpers.c -emit-llvm -o OUT`).
      Maps them, writes the decision of every flag to OUT.gcc-flags.txt and
      runs CLANG (default clang-22) on the result. A refused flag, or one
      with no decision, stops the build (exit status 1) with its reason.
  helpers-gcc-to-clang.py [--clang=CLANG] --cmd-file=rust/helpers/.helpers.o.cmd [--print]
      The same mapping of kbuild's own GCC command for helpers.o (the savedcmd
      of its .cmd file, up to the first `;`): prints each flag with its
      decision and the clang command (or, with --print, only the clang
      command, one argument a line). Exit status 1 when a flag is refused.
  (--stamp is ignored: kbuild puts this script's hash there, so that a
  changed mapping changes the command and kbuild rebuilds the bitcode.)

Every argument gets one decision:
  same     clang takes the flag with the same meaning;
  mapped   clang spells it differently (-mindirect-branch=thunk-extern ->
           -mretpoline-external-thunk, -mpreferred-stack-boundary=3 ->
           -mstack-alignment=8, GCC's own include directory -> clang's);
  dropped  it changes no code clang makes for the helpers: diagnostics, GCC's
           own optimization heuristics, debug info (the rule's -g0 decides);
           each with its reason;
  refused  no clang equivalent that gives the same code (a GCC plugin, a
           sanitizer, an mcount/thunk variant clang lacks) or no decision
           yet: the build stops.
clang gets --target=`GCC -dumpmachine` (the triple clang-built kernels use),
and GCC's defaults that decide code where clang's differ, made explicit
(gcc_defaults: aarch64's outline atomics).
"""
import os
import re
import shlex
import subprocess
import sys

# (pattern, decision, replacement or reason). The first match decides; a flag
# that takes the next argument as its value is listed in TAKES_VALUE.
SAME = "same"
MAPPED = "mapped"
DROPPED = "dropped"
REFUSED = "refused"

TAKES_VALUE = {"-include", "-isystem", "-I", "-o", "-D", "-U", "-MF", "-MT", "-MQ", "-x", "-imacros"}


def pow2_alignment(m):
    return [f"-mstack-alignment={1 << int(m[1])}"]


RULES = [
    # -- what kbuild's rule itself passes -------------------------------------
    (r"-c|-o|-emit-llvm|-nostdinc|-Wp,-MMD,.*|-Wp,-MD,.*", SAME, None),
    (r"-g0", SAME, None),
    # -- the preprocessor ---------------------------------------------------------
    (r"-[DU].*|-I.*|-include|-imacros", SAME, None),
    # -isystem is handled in map_args (GCC's own include directory -> clang's).
    # -- language ------------------------------------------------------------------
    (r"-std=gnu\d\d|-std=c\d\d", SAME, None),
    (r"-fshort-wchar|-funsigned-char|-fsigned-char|-fno-common|-fms-extensions|-ffreestanding"
     r"|-fno-strict-aliasing|-fno-strict-overflow|-fwrapv|-fno-delete-null-pointer-checks"
     r"|-fno-builtin(-\w+)?|-fstrict-flex-arrays=\d|-ftrivial-auto-var-init=(zero|pattern|uninitialized)",
     SAME, None),
    (r"-f(macro|file|debug)-prefix-map=.*", SAME, None),
    # -- optimization level, code model, ABI --------------------------------------
    (r"-O[0-3s]?|-O2", SAME, None),
    (r"-m64|-mcmodel=\w+|-mno-red-zone|-march=[\w.-]+|-mtune=[\w.-]+|-mlittle-endian"
     r"|-mgeneral-regs-only|-mno-outline-atomics|-moutline-atomics", SAME, None),
    (r"-fno-PIE|-fno-pie|-fno-PIC|-fno-pic|-fno-plt", SAME, None),
    # No SIMD or x87 in kernel C: the target features the Rust side must share.
    (r"-mno-(sse|sse2|sse3|ssse3|sse4|sse4a|sse4\.1|sse4\.2|mmx|3dnow|avx|avx2|80387)", SAME, None),
    (r"-mno-fp-ret-in-387|-mskip-rax-setup", SAME, None),
    (r"-mpreferred-stack-boundary=(\d+)", MAPPED, pow2_alignment),
    (r"-mabi=lp64", DROPPED, "aarch64-linux-gnu's only ABI, clang's default for the target"),
    (r"-mstrict-align|-mno-strict-align", SAME, None),
    # -- control-flow hardening, mitigations --------------------------------------
    (r"-fcf-protection=(branch|none|full|return)|-fno-jump-tables", SAME, None),
    (r"-mindirect-branch=thunk-extern", MAPPED, ["-mretpoline-external-thunk"]),
    (r"-mindirect-branch-register", MAPPED,
     "part of -mretpoline-external-thunk: LLVM's retpoline thunks always take the target in a register"),
    (r"-mindirect-branch=.*", REFUSED, "only thunk-extern has a clang equivalent (-mretpoline-external-thunk)"),
    (r"-mindirect-branch-cs-prefix|-mfunction-return=thunk-extern|-mfunction-return=keep", SAME, None),
    (r"-mharden-sls=(all|none|retbr|blr)", SAME, None),
    (r"-mbranch-protection=[\w+-]+|-msign-return-address=\w+", SAME, None),
    (r"-fzero-call-used-regs=[\w-]+", SAME, None),
    (r"-fpatchable-function-entry=\d+(,\d+)?", SAME, None),
    (r"-fno-stack-protector|-fstack-protector(-strong|-all)?", SAME, None),
    (r"-mstack-protector-guard(-reg|-symbol|-offset)?=[\w.-]+", SAME, None),
    (r"-fno-stack-clash-protection|-fno-stack-check", SAME, None),
    (r"-ffixed-x18|-fsanitize=shadow-call-stack", SAME, None),
    # -- frame pointers, unwind tables, sections, function alignment ----------
    (r"-fomit-frame-pointer|-fno-omit-frame-pointer|-fno-optimize-sibling-calls"
     r"|-mno-omit-leaf-frame-pointer", SAME, None),
    (r"-fno-asynchronous-unwind-tables|-fno-unwind-tables|-fasynchronous-unwind-tables", SAME, None),
    (r"-ffunction-sections|-fdata-sections", SAME, None),
    (r"-falign-functions=\d+|-falign-loops=\d+", SAME, None),
    (r"-fmin-function-alignment=(\d+)", MAPPED, lambda m: [f"-falign-functions={m[1]}"]),
    (r"-falign-jumps=\d+", DROPPED,
     "alignment of jump targets, code layout only; clang has no such option (clang-built kernels do without)"),
    # -- ftrace ------------------------------------------------------------------------
    (r"-pg|-mfentry|-mrecord-mcount", SAME, None),
    (r"-mnop-mcount", REFUSED, "clang has no -mnop-mcount on x86 (the mcount calls would stay calls)"),
    # -- GCC's own heuristics and GCC-only semantics clang already has -------
    (r"-fno-allow-store-data-races|--param=allow-store-data-races=0", DROPPED,
     "LLVM never introduces stores the source lacks (the C11 memory model); clang-built kernels pass nothing"),
    (r"-fconserve-stack", DROPPED,
     "GCC's inlining limit on stack growth, an optimization heuristic; clang-built kernels pass nothing"),
    (r"-fno-inline-functions-called-once|-fno-partial-inlining|-fno-ipa-sra|-fno-ipa-cp-clone"
     r"|-fno-reorder-blocks|-fno-tree-loop-im|-fno-var-tracking-assignments|-fno-var-tracking",
     DROPPED, "a GCC optimization pass or heuristic, no effect on the code's meaning"),
    (r"--param=min-pagesize=0", DROPPED, "affects GCC's -Warray-bounds/-Wstringop-* diagnostics only"),
    # -- debug info and diagnostics ---------------------------------------------
    (r"-g.*|-femit-struct-debug-\w+|-gdwarf.*", DROPPED, "debug info only (the rule's -g0 decides)"),
    # The assembler's options (arm64: -Wa,-march=armv8.5-a for inline asm):
    # clang's integrated assembler takes them, as in clang-built kernels.
    (r"-Wa,-march=[\w.+-]+", SAME, None),
    (r"-Wa,.*", REFUSED, "an assembler option not mapped here"),
    # GCC's warning options: clang takes those it knows (CLANG_ADDED: the
    # unknown ones quietly); they change no code.
    (r"-W(?!p,).*|-w", SAME, None),
    (r"-fdiagnostics-.*|-fmax-errors=\d+|-fno-diagnostics-.*", DROPPED, "diagnostics' format only"),
    # -- what must not be silently dropped --------------------------------------------
    (r"-fplugin.*", REFUSED, "a GCC plugin (its instrumentation has no clang equivalent here)"),
    (r"-fsanitize.*|-fasan-.*|--param=asan-.*|--param=hwasan-.*|--param=tsan-.*", REFUSED,
     "a sanitizer: its runtime calls and checks must match the kernel's, not mapped here"),
    (r"-fprofile.*|-ftest-coverage|-fcondition-coverage", REFUSED, "profiling instrumentation, not mapped here"),
    (r"-maccumulate-outgoing-args", REFUSED, "clang has no -maccumulate-outgoing-args"),
]


# What clang gets beyond the mapped flags (diagnostics only): GCC's warning
# options clang does not know are ignored, and -fms-extensions' anonymous
# structs (which GCC accepts silently) and enum arithmetic (GCC's
# -Wenum-conversion does not cover it) are not warned about (as clang-built
# kernels do).
CLANG_ADDED = ["-Wno-unknown-warning-option", "-Wno-microsoft-anon-tag", "-Wno-enum-enum-conversion"]


def decide(arg):
    for pattern, decision, what in RULES:
        m = re.fullmatch(pattern, arg)
        if m:
            if decision == MAPPED and callable(what):
                return decision, what(m)
            if decision == MAPPED and isinstance(what, list):
                return decision, what
            return decision, what
    return REFUSED, "no decision for this GCC flag (add one to test/kernel-real/helpers-gcc-to-clang.py)"


def gcc_include_dir(gcc):
    return subprocess.run([gcc, "-print-file-name=include"], check=True, capture_output=True,
                          text=True).stdout.strip()


def map_args(gcc, args, clang):
    """([(GCC argument(s), decision, clang argument(s) or reason)], clang argv)"""
    table, out = [], []
    gcc_inc = os.path.realpath(gcc_include_dir(gcc))
    clang_inc = gcc_include_dir(clang)
    i = 0
    while i < len(args):
        a = args[i]
        value = None
        if a in TAKES_VALUE and i + 1 < len(args):
            value = args[i + 1]
            i += 1
        i += 1
        shown = a if value is None else f"{a} {value}"
        if not a.startswith("-"):
            table.append((shown, SAME, "input file"))
            out.append(a)
            continue
        if a == "-isystem":
            if os.path.realpath(value) == gcc_inc:
                table.append((shown, MAPPED, f"-isystem {clang_inc} (the compiler's own headers)"))
                out += ["-isystem", clang_inc]
            else:
                table.append((shown, SAME, None))
                out += [a, value]
            continue
        decision, what = decide(a)
        if decision == SAME:
            table.append((shown, SAME, None))
            out += [a] + ([value] if value is not None else [])
        elif decision == MAPPED and isinstance(what, list):
            table.append((shown, MAPPED, " ".join(what)))
            out += what
        else:
            table.append((shown, decision, what))
    # The mapped -mindirect-branch-register presupposes the external thunks.
    if any(a == "-mindirect-branch-register" for a in args) and \
            "-mindirect-branch=thunk-extern" not in args:
        table.append(("-mindirect-branch-register", REFUSED, "without -mindirect-branch=thunk-extern"))
    table_d, out_d = gcc_defaults(gcc, args)
    return table + table_d, out + out_d


def gcc_target_options(gcc):
    """GCC's target options and their defaults (`gcc -Q --help=target`)."""
    text = subprocess.run([gcc, "-Q", "--help=target"], check=True, capture_output=True, text=True).stdout
    return dict(l.split(None, 1) for l in text.splitlines() if l.strip().startswith("-m") and len(l.split()) == 2)


def gcc_defaults(gcc, args):
    """GCC's defaults that decide code and that clang's defaults do not match,
    made explicit for clang when the command leaves them implicit.

    aarch64, outline atomics: GCC 10 and later default to -moutline-atomics;
    clang-22 --target=aarch64-linux-gnu turns it on only when it finds a GCC
    installation for the target (installing gcc-aarch64-linux-gnu changes
    clang's code). It only chooses how __atomic read-modify-writes are lowered:
    calls into libgcc's __aarch64_* functions, or the instructions. The kernel
    links no libgcc and provides none of them (its atomics are inline asm), so
    a GCC kernel with such a call would not link: the setting changes no code a
    GCC kernel runs. clang gets -mno-outline-atomics, its target feature
    absent as in rustc's kernel targets; helpers-dwarf-diff.py shows GCC's
    helpers reference no __aarch64_* function."""
    table, out = [], []
    if target_of(gcc).startswith("aarch64") and \
            not any(a in ("-moutline-atomics", "-mno-outline-atomics") for a in args):
        if gcc_target_options(gcc).get("-moutline-atomics") == "[enabled]":
            table.append(("(GCC's default) -moutline-atomics", DROPPED,
                          "lowers __atomic read-modify-writes to calls into libgcc's __aarch64_* functions, "
                          "which the kernel does not link: no code a GCC kernel runs; clang gets "
                          "-mno-outline-atomics (its own default depends on finding a GCC installation)"))
            out.append("-mno-outline-atomics")
        else:
            table.append(("(GCC's default) -mno-outline-atomics", SAME, None))
            out.append("-mno-outline-atomics")
    return table, out


def target_of(gcc):
    return subprocess.run([gcc, "-dumpmachine"], check=True, capture_output=True, text=True).stdout.strip()


def clang_command(clang, gcc, args):
    table, out = map_args(gcc, args, clang)
    table.append((" ".join(CLANG_ADDED), "added", "diagnostics only: see CLANG_ADDED"))
    # Last: GCC's -Wenum-conversion would turn clang's -Wenum-enum-conversion on again.
    return table, [clang, f"--target={target_of(gcc)}"] + out + CLANG_ADDED


def format_table(table):
    lines = []
    for shown, decision, what in table:
        lines.append(f"{decision:8} {shown}" + (f"  ->  {what}" if what else ""))
    return "\n".join(lines) + "\n"


def refused(table):
    return [t for t in table if t[1] == REFUSED]


def savedcmd(cmd_file):
    for line in open(cmd_file):
        if line.startswith("savedcmd_"):
            cmd = line.split(":=", 1)[1].strip()
            return shlex.split(cmd.split(";", 1)[0])
    sys.exit(f"helpers-gcc-to-clang: no savedcmd in {cmd_file}")


def main(argv):
    clang, cmd_file, print_only = "clang-22", None, False
    while argv and argv[0] != "--":
        a = argv.pop(0)
        if a.startswith("--clang="):
            clang = a.split("=", 1)[1]
        elif a.startswith("--cmd-file="):
            cmd_file = a.split("=", 1)[1]
        elif a == "--print":
            print_only = True
        elif a.startswith("--stamp="):
            pass
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            sys.exit(f"helpers-gcc-to-clang: unknown option {a}")
    if cmd_file:
        gcc_argv = savedcmd(cmd_file)
    else:
        if not argv or argv[0] != "--" or len(argv) < 2:
            sys.exit("helpers-gcc-to-clang: usage: helpers-gcc-to-clang.py [--clang=CLANG] -- GCC ARGS...")
        gcc_argv = argv[1:]
    gcc, args = gcc_argv[0], gcc_argv[1:]
    table, cmd = clang_command(clang, gcc, args)
    bad = refused(table)
    if cmd_file:
        if print_only:
            print("\n".join(cmd))
        else:
            sys.stdout.write(format_table(table))
            print("clang command: " + shlex.join(cmd))
        for shown, _, why in bad:
            print(f"helpers-gcc-to-clang: refused: {shown}: {why}", file=sys.stderr)
        return 1 if bad else 0
    out = args[args.index("-o") + 1] if "-o" in args else None
    if out:
        with open(out + ".gcc-flags.txt", "w") as f:
            f.write(f"# {gcc} -> {clang}\n" + format_table(table) + "# " + shlex.join(cmd) + "\n")
    if bad:
        for shown, _, why in bad:
            print(f"helpers-gcc-to-clang: refused: {shown}: {why}", file=sys.stderr)
        print("helpers-gcc-to-clang: the helpers' GCC flags have no faithful clang equivalent: "
              "not building the bitcode", file=sys.stderr)
        return 1
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
