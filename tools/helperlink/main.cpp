//===- helperlink.cpp - Inline C helpers into a Rust crate's object -------===//
//
// helperlink CRATE.bc --helpers=HELPERS.bc [...] -o OUT
// helperlink check-compat [--rustc=PATH] [--cc=PATH]
//
// Options in, library stages in order, exit code out:
// inputs -> checks -> link -> decide/inline -> reoptimize -> emit -> report.
//
//===----------------------------------------------------------------------===//

#include "helperlink/Codegen.h"
#include "helperlink/Compat.h"
#include "helperlink/Inline.h"
#include "helperlink/Inputs.h"
#include "helperlink/Link.h"
#include "helperlink/Output.h"
#include "helperlink/Report.h"
#include "helperlink/RustcWrapper.h"
#include "helperlink/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace helperlink;

static cl::OptionCategory LinkCategory("helperlink options");

static cl::SubCommand RustcMode(
    "rustc", "Run a rustc command, emitting its object with the helpers inlined:\n"
             "  helperlink rustc --helpers=H.bc [options] -- rustc ... --emit=obj=X ...");
static cl::SubCommandGroup LinkModes({&cl::SubCommand::getTopLevel(), &RustcMode});
static cl::list<std::string> RustcCommand(cl::Positional, cl::desc("-- <rustc command line>"),
                                          cl::sub(RustcMode));

static cl::opt<std::string> CrateFile(cl::Positional, cl::desc("<crate.bc|crate.ll>"),
                                      cl::cat(LinkCategory));
static cl::list<std::string> HelperFiles("helpers", cl::desc("Helper bitcode or IR (repeatable)"),
                                         cl::value_desc("file"), cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<std::string> OutputFile("o", cl::desc("Output file ('-' for stdout with asm/llvm-ir)"),
                                       cl::value_desc("file"), cl::cat(LinkCategory));
static cl::opt<EmitKind> Emit(
    "emit", cl::desc("What to write"), cl::init(EmitKind::Object),
    cl::values(clEnumValN(EmitKind::Object, "obj", "Object file (default)"),
               clEnumValN(EmitKind::Assembly, "asm", "Assembly"),
               clEnumValN(EmitKind::Bitcode, "llvm-bc", "LLVM bitcode"),
               clEnumValN(EmitKind::IR, "llvm-ir", "Textual LLVM IR")),
    cl::cat(LinkCategory));
static cl::opt<std::string> ReportFile("report", cl::desc("Write the per-call-site report as JSON"),
                                       cl::value_desc("file.json"), cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<bool> RequireInlined("require-inlined",
                                    cl::desc("Fail, naming each, if any call to a helper remains"),
                                    cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<std::string> ExportedSymbolsFile(
    "exported-symbols",
    cl::desc("Symbols the output may reference (one per line, or Module.symvers)"),
    cl::value_desc("file"), cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<ReoptScope> Reopt(
    "reopt", cl::desc("What to re-optimize after inlining"), cl::init(ReoptScope::Touched),
    cl::values(clEnumValN(ReoptScope::None, "none", "Nothing"),
               clEnumValN(ReoptScope::Touched, "touched",
                          "Functions that received inlined code (default)"),
               clEnumValN(ReoptScope::Module, "module", "The whole module at -O2")),
    cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<Reloc::Model> RelocModel(
    "relocation-model", cl::desc("Override the crate's relocation model"),
    cl::values(clEnumValN(Reloc::Static, "static", ""), clEnumValN(Reloc::PIC_, "pic", ""),
               clEnumValN(Reloc::DynamicNoPIC, "dynamic-no-pic", ""),
               clEnumValN(Reloc::ROPI, "ropi", ""), clEnumValN(Reloc::RWPI, "rwpi", ""),
               clEnumValN(Reloc::ROPI_RWPI, "ropi-rwpi", "")),
    cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<CodeModel::Model> CodeModelOpt(
    "code-model", cl::desc("Override the crate's code model"),
    cl::values(clEnumValN(CodeModel::Tiny, "tiny", ""), clEnumValN(CodeModel::Small, "small", ""),
               clEnumValN(CodeModel::Kernel, "kernel", ""),
               clEnumValN(CodeModel::Medium, "medium", ""),
               clEnumValN(CodeModel::Large, "large", "")),
    cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<bool> FunctionSections(
    "function-sections",
    cl::desc("Put each function and object in its own section, as rustc does by "
             "default (=false for rustc -Zfunction-sections=n, as Kbuild builds "
             "Rust; wrapper mode reads it from the rustc command)"),
    cl::init(true), cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<bool> KeepHelperDebugInfo("keep-helper-debug-info",
                                         cl::desc("Keep the helpers' debug info (stripped by default)"),
                                         cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<bool> Strict("strict", cl::desc("Turn hazards (per-crate copies of C state) into errors"),
                            cl::cat(LinkCategory), cl::sub(LinkModes));
static cl::opt<bool> Verbose("v", cl::desc("Print a short summary"), cl::cat(LinkCategory), cl::sub(LinkModes));

static cl::SubCommand CheckCompat("check-compat",
                                  "Report whether rustc and clang use helperlink's LLVM major");
static cl::opt<std::string> RustcPath("rustc", cl::desc("rustc to check"), cl::init("rustc"),
                                      cl::cat(LinkCategory), cl::sub(CheckCompat));
static cl::opt<std::string> CCPath("cc", cl::desc("C compiler to check"),
                                   cl::init("clang-" + std::to_string(LLVM_VERSION_MAJOR)),
                                   cl::cat(LinkCategory), cl::sub(CheckCompat));

static std::string oneLine(std::string S) {
  for (char &C : S)
    if (C == '\n' || C == '\r')
      C = ' ';
  return S;
}

/// Prints \p E as "helperlink: error: <file>: <what>" and returns 1.
static int fail(Error E) {
  handleAllErrors(std::move(E),
                  [](const FileError &FE) {
                    WithColor::error(errs(), "helperlink")
                        << FE.getFileName() << ": " << oneLine(FE.messageWithoutFileInfo())
                        << "\n";
                  },
                  [](const ErrorInfoBase &EI) {
                    WithColor::error(errs(), "helperlink") << oneLine(EI.message()) << "\n";
                  });
  // After a caught crash in LLVM's reader, destroying its state would crash
  // again; no output file exists yet, so there is nothing to clean up.
  if (bitcodeReaderCrashed()) {
    errs().flush();
    sys::Process::Exit(1, /*NoCleanup=*/true);
  }
  return 1;
}

static Error usage(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

static Error fileError(StringRef Path, const Twine &Msg) {
  return createFileError(Path, usage(Msg));
}

static int runCheckCompat() {
  ToolVersion Rustc = probeRustc(RustcPath);
  ToolVersion Clang = probeClang(CCPath);
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
  if (!Compatible)
    errs() << "helperlink: rustc and the C compiler must both use LLVM "
           << LLVM_VERSION_MAJOR << ", helperlink's own major\n";
  return Compatible ? 0 : 1;
}

/// The same path, or two paths to one file.
static bool sameFile(StringRef A, StringRef B) {
  bool Same = false;
  return A == B || (!sys::fs::equivalent(A, B, Same) && Same);
}

static Error checkOutputPath(StringRef CrateFile, StringRef OutputFile) {
  if (OutputFile.empty())
    return usage("no output file given (-o FILE)");
  if (OutputFile == "-" && (Emit == EmitKind::Object || Emit == EmitKind::Bitcode))
    return usage("-o - writes only --emit=asm or --emit=llvm-ir to standard output");
  if (OutputFile == "-")
    return Error::success();
  SmallVector<std::string, 8> Inputs(HelperFiles.begin(), HelperFiles.end());
  Inputs.push_back(CrateFile.str());
  for (const std::string &In : Inputs)
    if (sameFile(In, OutputFile))
      return fileError(OutputFile, "output would overwrite the input " + In);
  if (!ReportFile.empty() && ReportFile == OutputFile.str())
    return fileError(OutputFile, "the report and the output are the same file");
  return Error::success();
}

namespace {
/// LLVM's diagnostics in helperlink's words. Without a handler, LLVM prints
/// an error (bad inline asm, say) raw and exits mid-emission; this records
/// it so that the run fails cleanly, leaving no output.
struct ToolDiagnostics : DiagnosticHandler {
  std::string FirstError;
  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    std::string Msg;
    raw_string_ostream OS(Msg);
    DiagnosticPrinterRawOStream DP(OS);
    DI.print(DP);
    // Source-manager diagnostics add the source line and a caret below.
    StringRef First = StringRef(Msg).split('\n').first.rtrim();
    if (DI.getSeverity() == DS_Error) {
      if (FirstError.empty())
        FirstError = First.str();
    } else if (DI.getSeverity() == DS_Warning) {
      WithColor::warning(errs(), "helperlink") << First << "\n";
    }
    return true;
  }
};
} // namespace

static int runLink(StringRef CrateFile, StringRef OutputFile) {

  LLVMContext Ctx;
  auto Diags = std::make_unique<ToolDiagnostics>();
  ToolDiagnostics &Diagnostics = *Diags;
  Ctx.setDiagnosticHandler(std::move(Diags));
  Report R;

  // Inputs.
  Expected<InputFile> Crate = readInput(CrateFile, InputRole::Crate, Ctx, /*Lazy=*/true);
  if (!Crate)
    return fail(Crate.takeError());
  std::vector<InputFile> Helpers;
  for (const std::string &Path : HelperFiles) {
    Expected<InputFile> H = readInput(Path, InputRole::Helpers, Ctx, /*Lazy=*/true);
    if (!H)
      return fail(H.takeError());
    Helpers.push_back(std::move(*H));
  }
  R.Inputs.push_back(summarizeInput(*Crate));
  for (const InputFile &H : Helpers)
    R.Inputs.push_back(summarizeInput(H));

  std::set<std::string> Exported;
  if (!ExportedSymbolsFile.empty()) {
    Expected<std::set<std::string>> E = readExportedSymbols(ExportedSymbolsFile);
    if (!E)
      return fail(E.takeError());
    Exported = std::move(*E);
  }

  // Checks.
  Expected<CompatFindings> Findings = checkCompatibility(*Crate, Helpers);
  if (!Findings)
    return fail(Findings.takeError());
  R.Compat = std::move(*Findings);

  TargetOverrides Overrides;
  if (RelocModel.getNumOccurrences())
    Overrides.Relocation = RelocModel;
  if (CodeModelOpt.getNumOccurrences())
    Overrides.Code = CodeModelOpt;
  Overrides.FunctionSections = FunctionSections;
  R.Target = crateTargetSettings(*Crate->M, Overrides);
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(R.Target);
  if (!TM)
    return fail(createFileError(CrateFile, TM.takeError()));
  Crate->M->setDataLayout((*TM)->createDataLayout());
  if (Error E = checkFunctionTargets(*Crate, (*TM)->getTarget(), (*TM)->getTargetTriple()))
    return fail(std::move(E));
  for (const InputFile &H : Helpers)
    if (Error E = checkFunctionTargets(H, (*TM)->getTarget(), (*TM)->getTargetTriple()))
      return fail(std::move(E));

  // Link.
  Expected<LinkResult> Linked =
      linkHelpers(*Crate->M, std::move(Helpers), LinkOptions{KeepHelperDebugInfo});
  if (!Linked)
    return fail(Linked.takeError());
  R.HelpersLinked = Linked->HelpersLinked;
  for (const GlobalStateHazard &H : Linked->Hazards) {
    std::string Msg = "helper '" + H.Helper + "' uses the mutable global '" + H.Global +
                      "': this crate gets its own copy, separate from the C side's";
    if (Strict)
      return fail(usage(Msg + " (--strict)"));
    R.Warnings.push_back(Msg);
  }

  // Decide and inline.
  InlineSummary Inlined = inlineHelperCalls(*Crate->M, *Linked, TM->get());
  R.CallSites = std::move(Inlined.CallSites);
  R.AttributeChanges = std::move(Inlined.AttributeChanges);

  // Re-optimize.
  R.Reopt = Reopt == ReoptScope::None ? "none" : Reopt == ReoptScope::Touched ? "touched" : "module";
  if (Reopt == ReoptScope::Touched)
    for (Function *F : Inlined.Touched)
      R.Reoptimized.push_back(F->getName().str());
  reoptimize(*Crate->M, **TM, Reopt, Inlined.Touched);

  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (verifyModule(*Crate->M, &BrokenOS))
    return fail(fileError(CrateFile, "internal error: the linked module is invalid: " +
                                         StringRef(Broken).split('\n').first));

  R.NewUndefinedSymbols = newSymbols(Linked->CrateUndefined, undefinedSymbols(*Crate->M));
  for (const std::string &S : R.NewUndefinedSymbols)
    if (auto It = Linked->ExternalUses.find(S); It != Linked->ExternalUses.end())
      R.NewUndefinedSources[S] = It->second;
  for (const std::string &W : R.Warnings)
    WithColor::warning(errs(), "helperlink") << W << "\n";

  auto WriteReport = [&](OutputSet &Out) -> Error {
    if (ReportFile.empty())
      return Error::success();
    return Out.add(ReportFile, [&](raw_pwrite_stream &OS) {
      OS << formatv("{0:2}", R.toJSON()) << "\n";
      return Error::success();
    });
  };

  // Refusals that leave no output, but a report saying why.
  std::vector<std::string> Problems;
  if (!ExportedSymbolsFile.empty())
    for (const std::string &S : R.NewUndefinedSymbols)
      if (!Exported.count(S))
        Problems.push_back("'" + S + "' is referenced by " +
                           (R.NewUndefinedSources.count(S)
                                ? "helper '" + join(R.NewUndefinedSources[S], "', '") + "'"
                                : std::string("inlined helper code")) +
                           " but is not in " + ExportedSymbolsFile);
  if (RequireInlined)
    for (const CallSiteRecord &C : remainingHelperCalls(*Crate->M, *Linked)) {
      std::string Why;
      for (const CallSiteRecord &D : R.CallSites)
        if (!D.Inlined && D.Caller == C.Caller && D.Callee == C.Callee)
          Why = D.Reason;
      Problems.push_back("call from '" + C.Caller + "' to '" + C.Callee + "' was not inlined" +
                         (Why.empty() ? "" : ": " + Why));
    }
  if (!Problems.empty()) {
    OutputSet Out;
    if (Error E = WriteReport(Out))
      return fail(std::move(E));
    if (Error E = Out.commit())
      return fail(std::move(E));
    for (const std::string &P : Problems)
      WithColor::error(errs(), "helperlink") << P << "\n";
    return 1;
  }

  // Emit: the object and its report appear together or not at all.
  OutputSet Out;
  if (Error E = Out.add(OutputFile, [&](raw_pwrite_stream &OS) {
        return emit(*Crate->M, **TM, Emit, OS);
      }))
    return fail(std::move(E));
  if (Error E = WriteReport(Out))
    return fail(std::move(E));
  if (!Diagnostics.FirstError.empty())
    return fail(fileError(CrateFile, Diagnostics.FirstError));
  if (Error E = Out.commit())
    return fail(std::move(E));
  if (Verbose)
    R.printSummary(errs());
  return 0;
}

/// The same helper file named twice would define every helper twice.
static Error checkHelperFilesDistinct() {
  for (size_t I = 0; I < HelperFiles.size(); ++I)
    for (size_t J = 0; J < I; ++J)
      if (sameFile(HelperFiles[I], HelperFiles[J]))
        return fileError(HelperFiles[I], "given more than once with --helpers");
  return Error::success();
}

static int runPlain() {
  if (CrateFile.empty())
    return fail(usage("no crate bitcode given (helperlink CRATE.bc --helpers=H.bc -o OUT)"));
  if (HelperFiles.empty())
    return fail(usage("no helpers given (--helpers=HELPERS.bc)"));
  if (Error E = checkHelperFilesDistinct())
    return fail(std::move(E));
  if (Error E = checkOutputPath(CrateFile, OutputFile))
    return fail(std::move(E));
  return runLink(CrateFile, OutputFile);
}

/// helperlink rustc ... -- <rustc command>: rustc emits bitcode where it
/// would have emitted the object; helperlink then writes that object.
static int runRustcWrapper() {
  if (HelperFiles.empty())
    return fail(usage("no helpers given (--helpers=HELPERS.bc)"));
  if (Error E = checkHelperFilesDistinct())
    return fail(std::move(E));
  Expected<RustcInvocation> Inv = rewriteRustcCommand(
      RustcCommand, [&](StringRef Object) -> std::string {
        SmallString<128> Path;
        int FD;
        if (sys::fs::createUniqueFile(Object + ".helperlink-%%%%%%.bc", FD, Path))
          return (Object + ".helperlink.bc").str();
        sys::Process::SafelyCloseFileDescriptor(FD);
        return Path.str().str();
      });
  if (!Inv)
    return fail(Inv.takeError());
  FileRemover RemoveBitcode(Inv->BitcodePath);
  if (Emit != EmitKind::Object)
    return fail(usage("--emit does not apply to rustc mode: the object rustc "
                      "would have written is produced"));
  if (Error E = checkOutputPath(Inv->BitcodePath, Inv->ObjectPath))
    return fail(std::move(E));

  ErrorOr<std::string> Rustc = sys::findProgramByName(Inv->Args[0]);
  if (!Rustc)
    return fail(fileError(Inv->Args[0], "cannot find the rustc program"));
  SmallVector<StringRef, 32> Argv(Inv->Args.begin(), Inv->Args.end());
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(*Rustc, Argv, std::nullopt, {}, 0, 0, &ErrMsg);
  if (RC < 0)
    return fail(fileError(*Rustc, "cannot run: " + ErrMsg));
  if (RC != 0)
    return RC; // rustc has said why

  if (Inv->FunctionSections && !FunctionSections.getNumOccurrences())
    FunctionSections = *Inv->FunctionSections;
  if (Inv->DepInfoPath)
    if (Error E = fixDepInfo(*Inv->DepInfoPath, Inv->BitcodePath, Inv->ObjectPath))
      return fail(std::move(E));
  return runLink(Inv->BitcodePath, Inv->ObjectPath);
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
  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmPrinters();
  InitializeAllAsmParsers();

  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "helperlink " << HELPERLINK_VERSION << " (LLVM " << LLVM_VERSION_STRING << ")\n";
  });
  cl::HideUnrelatedOptions(LinkCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "helperlink: inline C helper functions into a Rust crate's object\n\n"
      "  helperlink CRATE.bc --helpers=HELPERS.bc [--helpers=...] -o OUT\n"
      "  helperlink rustc --helpers=HELPERS.bc [...] -- <rustc command>\n"
      "  helperlink check-compat [--rustc=PATH] [--cc=PATH]\n");

  if (CheckCompat)
    return runCheckCompat();
  if (RustcMode)
    return runRustcWrapper();
  return runPlain();
}
