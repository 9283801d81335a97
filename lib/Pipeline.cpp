//===- Pipeline.cpp - The stages in order, for every front door -----------===//

#include "helperlink/Pipeline.h"

#include "helperlink/Codegen.h"
#include "helperlink/Compat.h"
#include "helperlink/Diagnostics.h"
#include "helperlink/Inputs.h"
#include "helperlink/InputsKey.h"
#include "helperlink/Output.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>
#include <set>

using namespace llvm;

namespace helperlink {

char RefusalError::ID;

void RefusalError::log(raw_ostream &OS) const { OS << join(Problems, "\n"); }

std::error_code RefusalError::convertToErrorCode() const { return inconvertibleErrorCode(); }

static std::string oneLine(std::string S) {
  for (char &C : S)
    if (C == '\n' || C == '\r')
      C = ' ';
  return S;
}

std::vector<std::string> errorLines(Error E) {
  std::vector<std::string> Lines;
  handleAllErrors(
      std::move(E),
      [&](const RefusalError &RE) {
        for (const std::string &P : RE.Problems)
          Lines.push_back(oneLine(P));
      },
      [&](const FileError &FE) {
        Lines.push_back(FE.getFileName().str() + ": " + oneLine(FE.messageWithoutFileInfo()));
      },
      [&](const ErrorInfoBase &EI) { Lines.push_back(oneLine(EI.message())); });
  return Lines;
}

namespace {
/// Times one stage into the report (-v prints it; the JSON leaves it out,
/// so that the same inputs give the same bytes).
class StageTimer {
  Report &R;
  const char *Stage;
  std::chrono::steady_clock::time_point Start = std::chrono::steady_clock::now();

public:
  StageTimer(Report &R, const char *Stage) : R(R), Stage(Stage) {}
  ~StageTimer() {
    std::chrono::duration<double> D = std::chrono::steady_clock::now() - Start;
    // A stage timed in two parts is one entry.
    for (auto &[Name, Seconds] : R.StageSeconds)
      if (Name == Stage) {
        Seconds += D.count();
        return;
      }
    R.StageSeconds.push_back({Stage, D.count()});
  }
};

/// LLVM's diagnostics in helperlink's words. Without a handler, LLVM prints
/// an error (bad inline asm, say) raw and exits mid-emission; this records
/// it so that the run fails cleanly, leaving no output.
struct RecordingDiagnostics : DiagnosticHandler {
  std::string FirstError;
  std::vector<std::string> Warnings;
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
      Warnings.push_back(First.str());
    }
    return true;
  }
};
} // namespace

static Expected<InputFile> openInput(StringRef Path, InputRole Role, const Config &Cfg,
                                     LLVMContext &Ctx) {
  // A copy, which ends in a NUL: the textual IR reader reads up to one, and
  // an in-memory input is a slice of whatever holds it.
  if (auto It = Cfg.InMemoryInputs.find(Path.str()); It != Cfg.InMemoryInputs.end())
    return readInputBuffer(MemoryBuffer::getMemBufferCopy(It->second, Path), Role, Ctx,
                           /*Lazy=*/true);
  return readInput(Path, Role, Ctx, /*Lazy=*/true);
}

Error checkUndefinedHelpers(const Module &Crate, StringRef CrateName,
                            ArrayRef<const Module *> Helpers, ArrayRef<std::string> HelperFiles,
                            const Config &Cfg) {
  if (Cfg.HelperPrefix.empty())
    return Error::success();
  // rustc names a codegen unit "<crate>.<hash>-cgu.<n>".
  if (CrateName.contains("-cgu."))
    CrateName = CrateName.split('.').first;
  std::vector<std::string> Problems;
  for (const Function &F : Crate) {
    if (!F.isDeclaration() || F.use_empty() || !F.getName().starts_with(Cfg.HelperPrefix))
      continue;
    bool Defined = llvm::any_of(Helpers, [&](const Module *H) {
      const Function *D = H->getFunction(F.getName());
      return D && !D->isDeclaration();
    });
    if (Defined)
      continue;
    std::string Given;
    for (const std::string &File : HelperFiles)
      Given += (Given.empty() ? "" : ", ") + File;
    Problems.push_back(
        "crate '" + CrateName.str() + "' calls '" + F.getName().str() +
        "', which no helper file given to it defines (" +
        (Given.empty() ? std::string("it was given none") : Given) +
        "): define it in the C helpers of the crate that declares it, or give "
        "the file that does (cargo helperlink: [package.metadata.helperlink] helpers); "
        "the program would not link");
  }
  if (Problems.empty())
    return Error::success();
  return make_error<RefusalError>(std::move(Problems));
}

/// Rust bitcode among the helpers: most likely CRATE and --helpers swapped.
static Error checkMadeByC(const InputFile &Helper, StringRef Path, const Module &Crate,
                          StringRef CrateName) {
  MadeBy Maker = madeBy(*Helper.M, Helper.Producer);
  if (Maker.Compiler != "rustc")
    return Error::success();
  MadeBy CrateMaker = madeBy(Crate, "");
  return fileError(Path, "given with --helpers but made by rustc (" + Maker.Evidence + ")" +
                             (CrateMaker.Compiler == "clang"
                                  ? ", and the crate " + CrateName.str() +
                                        " was made by clang: CRATE and --helpers are swapped"
                                  : std::string()) +
                             "; the crate is rustc's bitcode, the helpers are clang's: "
                             "helperlink RUST.bc --helpers=C.bc -o OUT");
}

/// The helper files, read into \p Crate's context.
static Expected<std::vector<InputFile>> readHelpers(const Module &Crate, StringRef CrateName,
                                                    const Config &Cfg, Report &R) {
  StageTimer T(R, "read helpers");
  std::vector<InputFile> Helpers;
  for (const std::string &Path : Cfg.HelperFiles) {
    Expected<InputFile> H = openInput(Path, InputRole::Helpers, Cfg, Crate.getContext());
    if (!H)
      return H.takeError();
    if (Error E = checkMadeByC(*H, Path, Crate, CrateName))
      return E;
    R.Inputs.push_back(summarizeInput(*H));
    Helpers.push_back(std::move(*H));
  }
  return Helpers;
}

/// Whether \p Crate declares anything \p Helpers define (a crate that
/// does not, most of a build that loads the plugin for all, costs no more
/// than this).
static bool needsHelpers(const Module &Crate, ArrayRef<InputFile> Helpers) {
  return llvm::any_of(Helpers, [&](const InputFile &H) {
    return llvm::any_of(H.M->global_values(), [&](const GlobalValue &GV) {
      const GlobalValue *Use = GV.hasName() && !GV.isDeclaration() && !GV.hasLocalLinkage()
                                   ? Crate.getNamedValue(GV.getName())
                                   : nullptr;
      return Use && Use->isDeclaration();
    });
  });
}

/// \p Message as a warning in \p R, or with --strict as the run's error.
static Error warnUnlessStrict(std::string Message, StringRef CrateName, const Config &Cfg,
                              Report &R) {
  if (Cfg.Strict)
    return fileError(CrateName, Message + " (--strict)");
  R.Warnings.push_back(std::move(Message));
  return Error::success();
}

/// What linking did, into \p R: the helpers linked and called, the
/// declarations it changed, and the mutable state the crate now has a
/// copy of.
static Error reportLink(const Module &Crate, StringRef CrateName, const LinkResult &Linked,
                        const Config &Cfg, Report &R) {
  R.HelpersLinked = Linked.HelpersLinked;
  for (const auto &Root : Linked.Roots)
    R.HelpersCalled.push_back(Root.getKey().str());
  llvm::sort(R.HelpersCalled);
  for (const std::string &Helper : R.HelpersCalled)
    if (std::optional<ForwardingHelper> F = findForwarding(Crate, Helper, Cfg.HelperPrefix))
      R.Notes.push_back(F->message());
  R.DSOLocalDropped = Linked.DSOLocalDropped;
  for (const auto &[Name, D] : Linked.Interposable)
    if (Crate.getNamedValue(Name))
      R.Interposable.emplace(Name, D);
  for (const GlobalStateHazard &H : Linked.Hazards)
    if (Error E = warnUnlessStrict(H.message(), CrateName, Cfg, R))
      return E;
  return Error::success();
}

/// Refusals that change what a build means without failing it are said
/// once per helper, not only in the report.
static void warnInterposableLeft(const LinkResult &Linked, Report &R) {
  std::set<std::string> Said;
  for (const CallSiteRecord &C : R.CallSites) {
    auto It = Linked.Interposable.find(C.Callee);
    if (!C.Inlined && It != Linked.Interposable.end() && !It->second.Linked &&
        Said.insert(C.Callee).second)
      R.Warnings.push_back("helper '" + C.Callee + "' is not inlined: " + C.Reason);
  }
}

Expected<HelperInlining> inlineHelpers(Module &Crate, StringRef CrateName, const Config &Cfg,
                                       const TargetMachine &TM, Report &R) {
  Expected<std::vector<InputFile>> Helpers = readHelpers(Crate, CrateName, Cfg, R);
  if (!Helpers)
    return Helpers.takeError();

  {
    std::vector<const Module *> HelperModules;
    for (const InputFile &H : *Helpers)
      HelperModules.push_back(H.M.get());
    if (Error E = checkUndefinedHelpers(Crate, CrateName, HelperModules, Cfg.HelperFiles, Cfg))
      return E;
  }

  {
    StageTimer T(R, "checks");
    Expected<CompatFindings> Findings = checkCompatibility(Crate, CrateName, *Helpers);
    if (!Findings)
      return Findings.takeError();
    R.Compat = std::move(*Findings);
  }

  HelperInlining Result;
  Result.NothingNeeded = !needsHelpers(Crate, *Helpers);
  if (Result.NothingNeeded)
    return Result;
  {
    StageTimer T(R, "checks");
    for (const InputFile &H : *Helpers)
      if (Error E = checkFunctionTargets(*H.M, H.Path, TM.getTarget(), TM.getTargetTriple()))
        return E;
  }

  {
    StageTimer T(R, "link");
    Expected<LinkResult> Linked = linkHelpers(
        Crate, std::move(*Helpers), LinkOptions{Cfg.KeepHelperDebugInfo, Cfg.AllowInterposable});
    if (!Linked)
      return Linked.takeError();
    Result.Linked = std::move(*Linked);
  }
  if (Error E = reportLink(Crate, CrateName, Result.Linked, Cfg, R))
    return E;

  {
    StageTimer T(R, "inline");
    InlineSummary Inlined = inlineHelperCalls(Crate, Result.Linked, &TM);
    R.CallSites = std::move(Inlined.CallSites);
    R.AttributeChanges = std::move(Inlined.AttributeChanges);
    R.HelperTargetChanges = std::move(Inlined.HelperTargetChanges);
    Result.Touched = std::move(Inlined.Touched);
    for (const SignatureMismatch &S : Inlined.SignatureMismatches)
      if (Error E = warnUnlessStrict(S.message(), CrateName, Cfg, R))
        return E;
  }
  warnInterposableLeft(Result.Linked, R);
  return Result;
}

void inlineLateHelperCalls(Module &Crate, const HelperInlining &Inlined, TargetMachine &TM,
                           Report &R) {
  if (Inlined.NothingNeeded)
    return;
  StageTimer T(R, "inline");
  InlineSummary Late = inlineHelperCalls(Crate, Inlined.Linked, &TM, InlineRound::AfterOptimizer);
  for (CallSiteRecord &C : Late.CallSites) {
    StringRef Rest = C.Reason;
    if (!C.ExposedByInlining)
      C.Reason = C.Inlined && Rest.consume_front("inlined")
                     ? "inlined after the optimizer made the call direct" + Rest.str()
                     : "the optimizer made the call direct, not inlined: " + C.Reason;
    R.CallSites.push_back(std::move(C));
  }
  for (AttributeChange &A : Late.AttributeChanges)
    R.AttributeChanges.push_back(std::move(A));
  for (Function *F : Late.Touched)
    R.Reoptimized.push_back(F->getName().str());
  reoptimize(Crate, TM, ReoptScope::Touched, Late.Touched);
}

/// One problem per symbol in \p Symbols that --exported-symbols does not list.
static Error checkExported(ArrayRef<std::string> Symbols, const Config &Cfg, const Report &R,
                           std::vector<std::string> &Problems) {
  if (Cfg.ExportedSymbolsFile.empty() || Symbols.empty())
    return Error::success();
  Expected<std::set<std::string>> Exported = readExportedSymbols(Cfg.ExportedSymbolsFile);
  if (!Exported)
    return Exported.takeError();
  for (const std::string &S : Symbols)
    if (!Exported->count(S)) {
      auto It = R.NewUndefinedSources.find(S);
      Problems.push_back(UnexportedReference{
          S, It != R.NewUndefinedSources.end() ? It->second : std::vector<std::string>(),
          Cfg.ExportedSymbolsFile}
                             .message());
    }
  return Error::success();
}

/// Undefined symbols of the object \p Bytes that \p Known does not have:
/// what only code generation adds (library calls such as memset, return
/// thunks) or inline assembly names (arm64's alternative callbacks).
static Expected<std::vector<std::string>> objectOnlyUndefined(StringRef Bytes,
                                                              const std::set<std::string> &Known) {
  Expected<std::unique_ptr<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(MemoryBufferRef(Bytes, "object"));
  if (!Obj)
    return Obj.takeError();
  std::set<std::string> Names;
  for (const object::SymbolRef &Sym : (*Obj)->symbols()) {
    Expected<uint32_t> Flags = Sym.getFlags();
    if (!Flags)
      return Flags.takeError();
    if (!(*Flags & object::SymbolRef::SF_Undefined))
      continue;
    Expected<StringRef> Name = Sym.getName();
    if (!Name)
      return Name.takeError();
    if (!Name->empty() && !Known.count(Name->str()))
      Names.insert(Name->str());
  }
  return std::vector<std::string>(Names.begin(), Names.end());
}

Error checkResult(Module &Crate, StringRef CrateName, const HelperInlining &Inlined,
                  const Config &Cfg, Report &R) {
  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (verifyModule(Crate, &BrokenOS))
    return fileError(CrateName, "internal error: the linked module is invalid: " +
                                    StringRef(Broken).split('\n').first);

  if (Inlined.NothingNeeded)
    return Error::success();
  const LinkResult &Linked = Inlined.Linked;
  R.NewUndefinedSymbols = newSymbols(Linked.CrateUndefined, undefinedSymbols(Crate));
  if (Inlined.OptimizedByRustc)
    llvm::erase_if(R.NewUndefinedSymbols,
                   [&](const std::string &S) { return !Linked.ExternalUses.count(S); });
  for (const std::string &S : R.NewUndefinedSymbols)
    if (auto It = Linked.ExternalUses.find(S); It != Linked.ExternalUses.end())
      R.NewUndefinedSources[S] = It->second;

  std::vector<std::string> Problems;
  if (Error E = checkExported(R.NewUndefinedSymbols, Cfg, R, Problems))
    return E;
  if (Cfg.RequireInlined)
    for (const CallSiteRecord &C : remainingHelperCalls(Crate, Linked))
      Problems.push_back(C.notInlinedMessage());
  forgetInlineDecisions(Crate);
  if (!Problems.empty())
    return make_error<RefusalError>(std::move(Problems));
  return Error::success();
}

Error checkObject(StringRef Object, StringRef CrateName, const HelperInlining &Inlined,
                  const Config &Cfg, Report &R) {
  // Nothing linked: every symbol the object references is the crate's own.
  if (Inlined.NothingNeeded)
    return Error::success();
  std::set<std::string> Known = Inlined.Linked.CrateUndefined;
  Known.insert(R.NewUndefinedSymbols.begin(), R.NewUndefinedSymbols.end());
  Expected<std::vector<std::string>> Extra = objectOnlyUndefined(Object, Known);
  if (!Extra)
    return fileError(CrateName, "internal error: cannot read the emitted object: " +
                                    toString(Extra.takeError()));
  if (Extra->empty())
    return Error::success();
  std::vector<std::string> Problems;
  if (Error E = checkExported(*Extra, Cfg, R, Problems))
    return E;
  R.NewUndefinedSymbols.insert(R.NewUndefinedSymbols.end(), Extra->begin(), Extra->end());
  llvm::sort(R.NewUndefinedSymbols);
  if (!Problems.empty())
    return make_error<RefusalError>(std::move(Problems));
  return Error::success();
}

/// A report file's bytes.
Error writeHelperStamps(const Config &Cfg) {
  StringRef Dir = Cfg.OutputFile;
  LLVMContext Ctx;
  std::vector<HelperDigest> Digests;
  for (const std::string &Path : Cfg.HelperFiles) {
    Expected<InputFile> H = openInput(Path, InputRole::Helpers, Cfg, Ctx);
    if (!H)
      return H.takeError();
    if (Error E = guardedParse(Path, [&] { return H->M->materializeAll(); }))
      return E;
    for (HelperDigest &D : helperDigests(*H->M, Cfg.KeepHelperDebugInfo))
      Digests.push_back(std::move(D));
  }
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return fileError(Dir, "cannot create the stamp directory: " + EC.message());
  auto Rewrite = [&](StringRef Name, StringRef Content) -> Error {
    SmallString<256> Path(Dir);
    sys::path::append(Path, Name);
    if (ErrorOr<std::unique_ptr<MemoryBuffer>> Old = MemoryBuffer::getFile(Path))
      if ((*Old)->getBuffer() == Content)
        return Error::success(); // the same digest: make sees no change
    return writeAtomically(Path, [&](raw_pwrite_stream &OS) {
      OS << Content;
      return Error::success();
    });
  };
  std::set<std::string> Current;
  for (const HelperDigest &D : Digests) {
    if (!Current.insert(D.Name).second)
      return fileError(Dir, "helper '" + D.Name + "' is defined by two helper files");
    if (Error E = Rewrite(D.Name, D.Digest + "\n"))
      return E;
  }
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
    std::string Name = sys::path::filename(It->path()).str();
    if (!Current.count(Name) && !StringRef(Name).starts_with("."))
      if (Error E = Rewrite(Name, "removed\n"))
        return E;
  }
  if (EC)
    return fileError(Dir, "cannot list the stamp directory: " + EC.message());
  return Error::success();
}

std::vector<std::string> helperStampsFor(const Config &Cfg, const Report &R) {
  std::vector<std::string> Stamps;
  if (Cfg.HelperStampDir.empty())
    return Stamps;
  for (const std::string &Helper : R.HelpersCalled) {
    SmallString<256> Path(Cfg.HelperStampDir);
    sys::path::append(Path, Helper);
    Stamps.push_back(Path.str().str());
  }
  return Stamps;
}

static Error printReport(raw_pwrite_stream &OS, const json::Value &Report) {
  OS << formatv("{0:2}", Report) << "\n";
  return Error::success();
}

/// Adds the report file to \p Out, which writes it with the output.
static Error addReport(OutputSet &Out, const Report &R, StringRef Path) {
  if (Path.empty())
    return Error::success();
  return Out.add(Path, [&](raw_pwrite_stream &OS) { return printReport(OS, R.toJSON()); });
}

Error writeReport(const json::Value &Report, StringRef Path) {
  return writeAtomically(Path, [&](raw_pwrite_stream &OS) { return printReport(OS, Report); });
}

Error writeReport(const Report &R, StringRef Path) {
  if (Path.empty())
    return Error::success();
  return writeReport(R.toJSON(), Path);
}

/// The same path, or two paths to one file.
static bool sameFile(StringRef A, StringRef B) {
  bool Same = false;
  return A == B || (!sys::fs::equivalent(A, B, Same) && Same);
}

/// Refuses outputs that would overwrite an input or each other, and a
/// helper file named twice (it would define every helper twice).
static Error checkPaths(const Config &Cfg) {
  for (size_t I = 0; I < Cfg.HelperFiles.size(); ++I)
    for (size_t J = 0; J < I; ++J)
      if (sameFile(Cfg.HelperFiles[I], Cfg.HelperFiles[J]))
        return fileError(Cfg.HelperFiles[I], "given more than once with --helpers");
  StringRef Output = Cfg.OutputFile;
  if (Output.empty())
    return createStringError(inconvertibleErrorCode(), "no output file given (-o FILE)");
  if (Output == "-" && (Cfg.Emit == EmitKind::Object || Cfg.Emit == EmitKind::Bitcode))
    return createStringError(inconvertibleErrorCode(),
                             "-o - writes only --emit=asm or --emit=llvm-ir to standard output");
  if (Output == "-")
    return Error::success();
  std::vector<std::string> Inputs(Cfg.HelperFiles.begin(), Cfg.HelperFiles.end());
  Inputs.push_back(Cfg.CrateFile);
  for (const std::string &In : Inputs)
    if (!Cfg.InMemoryInputs.count(In) && sameFile(In, Output))
      return fileError(Output, "output would overwrite the input " + In);
  if (!Cfg.ReportFile.empty() && Cfg.ReportFile == Output)
    return fileError(Output, "the report and the output are the same file");
  return Error::success();
}

/// The post-step's own optimizer, after inlining: Cfg.Reopt's scope, then
/// the calls it made direct inlined in a late round.
static void reoptimizeStage(Module &Crate, const HelperInlining &Inlined, TargetMachine &TM,
                            const Config &Cfg, Report &R) {
  R.Reopt = nameOf(ReoptScopeNames, Cfg.Reopt);
  if (Cfg.Reopt == ReoptScope::Touched)
    for (Function *F : Inlined.Touched)
      R.Reoptimized.push_back(F->getName().str());
  {
    StageTimer T(R, "reoptimize");
    reoptimize(Crate, TM, Cfg.Reopt, Inlined.Touched);
  }
  if (Cfg.Reopt != ReoptScope::None)
    inlineLateHelperCalls(Crate, Inlined, TM, R);
}

/// Ends the post-step on \p E: a refusal leaves no output but the report
/// that says why; any other error leaves neither.
static Error refuse(Error E, const Report &R, const Config &Cfg) {
  if (!E.isA<RefusalError>())
    return E;
  if (Error WE = writeReport(R, Cfg.ReportFile))
    return joinErrors(std::move(WE), std::move(E));
  return E;
}

Error runPostStep(const Config &Cfg, Report &R) {
  R.Mode = "post-step";
  if (Error E = checkPaths(Cfg))
    return E;

  LLVMContext Ctx;
  auto Diags = std::make_unique<RecordingDiagnostics>();
  RecordingDiagnostics &Diagnostics = *Diags;
  Ctx.setDiagnosticHandler(std::move(Diags));
  // LLVM's warnings reach the report whichever way the run ends.
  scope_exit KeepWarnings([&] {
    R.Warnings.insert(R.Warnings.end(), Diagnostics.Warnings.begin(), Diagnostics.Warnings.end());
  });

  Expected<InputFile> Crate = [&] {
    StageTimer T(R, "read crate");
    return openInput(Cfg.CrateFile, InputRole::Crate, Cfg, Ctx);
  }();
  if (!Crate)
    return Crate.takeError();
  R.Inputs.push_back(summarizeInput(*Crate));

  R.Target = crateTargetSettings(*Crate->M, Cfg.Overrides);
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(R.Target);
  if (!TM)
    return createFileError(Cfg.CrateFile, TM.takeError());
  Crate->M->setDataLayout((*TM)->createDataLayout());
  if (Error E = checkFunctionTargets(*Crate->M, Crate->Path, (*TM)->getTarget(),
                                     (*TM)->getTargetTriple()))
    return E;

  Expected<HelperInlining> Inlined = inlineHelpers(*Crate->M, Cfg.CrateFile, Cfg, **TM, R);
  if (!Inlined)
    return Inlined.takeError();

  reoptimizeStage(*Crate->M, *Inlined, **TM, Cfg, R);
  if (Error E = checkResult(*Crate->M, Cfg.CrateFile, *Inlined, Cfg, R))
    return refuse(std::move(E), R, Cfg);

  // Emit: the object and its report appear together or not at all.
  StageTimer T(R, "emit");
  SmallString<0> Object;
  if (Cfg.Emit == EmitKind::Object) {
    // The object's own undefined symbols count too: the module cannot show
    // library calls code generation adds or symbols inline assembly names.
    raw_svector_ostream ObjOS(Object);
    if (Error E = emit(*Crate->M, **TM, Cfg.Emit, ObjOS))
      return E;
    if (!Diagnostics.FirstError.empty())
      return fileError(Cfg.CrateFile, Diagnostics.FirstError);
    if (Error E = checkObject(Object, Cfg.CrateFile, *Inlined, Cfg, R))
      return refuse(std::move(E), R, Cfg);
  }
  OutputSet Out;
  if (Error E = Out.add(Cfg.OutputFile, [&](raw_pwrite_stream &OS) -> Error {
        if (Cfg.Emit == EmitKind::Object) {
          OS << Object;
          return Error::success();
        }
        return emit(*Crate->M, **TM, Cfg.Emit, OS);
      }))
    return E;
  if (!Diagnostics.FirstError.empty())
    return fileError(Cfg.CrateFile, Diagnostics.FirstError);
  if (Error E = addReport(Out, R, Cfg.ReportFile))
    return E;
  return Out.commit();
}

} // namespace helperlink
