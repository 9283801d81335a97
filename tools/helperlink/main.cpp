//===- main.cpp - helperlink's command-line front door --------------------===//
//
// Options in, one library call, exit code out. The stages live in the
// library (helperlink/Pipeline.h), shared with the rustc plugin; the rustc
// wrapper and check-compat's probes in the driver (tools/driver).
//
//===----------------------------------------------------------------------===//

#include "helperlink-driver/PluginSupport.h"
#include "helperlink-driver/RustcWrapper.h"
#include "helperlink-driver/ToolProbes.h"

#include "helperlink/Inputs.h"
#include "helperlink/Options.h"
#include "helperlink/Pipeline.h"
#include "helperlink/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace helperlink;

/// Prints \p E as "helperlink: error: <file>: <what>", a line per problem,
/// and returns 1.
static int fail(Error E) {
  for (const std::string &Line : errorLines(std::move(E)))
    WithColor::error(errs(), "helperlink") << Line << "\n";
  // After a caught crash in LLVM's reader, destroying its state would crash
  // again; no output file exists yet, so there is nothing to clean up.
  if (bitcodeReaderCrashed()) {
    errs().flush();
    sys::Process::Exit(1, /*NoCleanup=*/true);
  }
  return 1;
}

static int runCheckCompat(const Invocation &Inv) {
  ToolVersion Rustc = probeRustc(Inv.RustcPath);
  ToolVersion Clang = probeClang(Inv.CCPath);
  outs() << "helperlink: LLVM " << LLVM_VERSION_STRING << "\n";
  bool Compatible = true;
  for (auto [Name, V] : {std::pair<const char *, ToolVersion &>{"rustc", Rustc},
                         std::pair<const char *, ToolVersion &>{"clang", Clang}}) {
    outs() << Name << ": " << V.Path << ": ";
    std::optional<unsigned> Major = majorOf(V.LLVMVersion);
    if (!Major) {
      outs() << "unknown (" << V.Problem << ")\n";
      Compatible = false;
      continue;
    }
    outs() << "LLVM " << V.LLVMVersion << "\n";
    Compatible &= *Major == LLVM_VERSION_MAJOR;
  }
  outs() << "compatible: " << (Compatible ? "yes" : "no") << "\n";
  PluginSupport Plugin = pluginSupportFor(Inv.RustcPath);
  outs() << "plugin: " << (Plugin.Usable ? "yes" : "no") << ": " << Plugin.Reason << "\n";
  if (!Compatible)
    errs() << "helperlink: rustc and the C compiler must both use LLVM " << LLVM_VERSION_MAJOR
           << ", helperlink's own major\n";
  return Compatible ? 0 : 1;
}

static void printWarningsAndSummary(const Report &R, const Config &Cfg) {
  for (const std::string &W : R.Warnings)
    WithColor::warning(errs(), "helperlink") << W << "\n";
  // The summary once the run got past its checks, even with no call site:
  // "0 of 0" is news when the crate was meant to call helpers.
  bool Checked = llvm::any_of(R.StageSeconds, [](const auto &S) { return S.first == "checks"; });
  if (Cfg.Verbosity && (Checked || !R.CallSites.empty()))
    R.printSummary(errs(), Cfg.Verbosity);
}

/// LLVM's fatal errors in helperlink's words; temporary outputs are removed.
static void reportLLVMFatalError(void *, const char *Reason, bool) {
  errs() << "helperlink: error: LLVM: " << Reason << "\n";
  sys::RunInterruptHandlers();
  exit(1);
}

/// A failed allocation while reading bitcode means a malformed size field:
/// let the recovery context around the read report the file. Elsewhere it
/// is what it says.
static void reportOutOfMemory(void *, const char *, bool) {
  if (CrashRecoveryContext::GetCurrent())
    abort();
  errs() << "helperlink: error: out of memory\n";
  sys::RunInterruptHandlers();
  exit(1);
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  install_fatal_error_handler(reportLLVMFatalError);
  install_bad_alloc_error_handler(reportOutOfMemory);
  CrashRecoveryContext::Enable();

  std::vector<std::string> Args(argv + 1, argv + argc);
  Expected<Invocation> Inv = parseCommandLine(Args);
  if (!Inv)
    return fail(Inv.takeError());

  switch (Inv->Cmd) {
  case Command::Help:
    outs() << helpText();
    return 0;
  case Command::Version:
    // As LLVM's tools print it: the tool, then the LLVM it runs on.
    outs() << "helperlink version " << HELPERLINK_VERSION << "\n"
           << "LLVM version " << LLVM_VERSION_STRING << "\n"
#ifdef NDEBUG
           << "  Optimized build.\n";
#else
           << "  Build with assertions.\n";
#endif
    return 0;
  case Command::CompletionWords:
    for (const std::string &W : completionWords())
      outs() << W << "\n";
    return 0;
  case Command::PrintPluginPath: {
    Expected<std::string> Path = pluginPath();
    if (!Path)
      return fail(Path.takeError());
    outs() << *Path << "\n";
    return 0;
  }
  case Command::CheckCompat:
    return runCheckCompat(*Inv);
  case Command::HelperStamps:
    if (Error E = writeHelperStamps(Inv->Cfg))
      return fail(std::move(E));
    return 0;
  case Command::Link:
  case Command::Rustc:
    break;
  }

  auto InitializeTargets = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    InitializeAllAsmParsers();
  };

  Report R;
  if (Inv->Cmd == Command::Rustc) {
    Expected<int> RC = runRustcWrapper(Inv->Cfg, Inv->RustcCommand, R, InitializeTargets);
    printWarningsAndSummary(R, Inv->Cfg);
    if (!RC)
      return fail(RC.takeError());
    return *RC;
  }
  InitializeTargets();
  Error E = runPostStep(Inv->Cfg, R);
  printWarningsAndSummary(R, Inv->Cfg);
  if (E)
    return fail(std::move(E));
  return 0;
}
