//===- RustcWrapper.cpp - helperlink rustc ... -- <rustc> -----------------===//

#include "helperlink-driver/RustcWrapper.h"

#include "helperlink-driver/PluginSupport.h"

#include "helperlink/Diagnostics.h"
#include "helperlink/InputsKey.h"
#include "helperlink/Options.h"
#include "helperlink/Output.h"
#include "helperlink/Pipeline.h"
#include "helperlink/RustcArgs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <cerrno>
#include <cstring>
#include <set>
#include <unistd.h>

using namespace llvm;

namespace helperlink {

static Error usage(const Twine &Msg) { return createStringError(inconvertibleErrorCode(), Msg); }

Expected<RustcInvocation> rewriteRustcCommand(ArrayRef<std::string> Command,
                                              function_ref<std::string(StringRef)> BitcodePathFor) {
  if (Command.empty())
    return usage("no rustc command given after --");
  RustcInvocation Inv;
  Inv.Args.assign(Command.begin(), Command.end());

  RustcArgs Parsed = RustcArgs::parse(Command);
  Inv.FunctionSections = Parsed.functionSections();

  size_t EmitKinds = 0;
  RustcArgs::Emit *ObjArg = nullptr;
  RustcArgs::EmitOutput *Obj = nullptr;
  for (RustcArgs::Emit &E : Parsed.Emits)
    for (RustcArgs::EmitOutput &O : E.Outputs) {
      ++EmitKinds;
      if (O.Kind == "obj") {
        if (ObjArg)
          return usage("the rustc command emits obj twice");
        ObjArg = &E;
        Obj = &O;
      } else if (O.Kind == "llvm-bc") {
        return usage("the rustc command already emits llvm-bc; give helperlink "
                     "the bitcode directly instead");
      } else if (O.Kind == "dep-info" && O.Path) {
        Inv.DepInfoPath = *O.Path;
      } else if (is_contained({"link", "asm", "llvm-ir"}, O.Kind)) {
        // rustc would write these from its own codegen, helper calls and all.
        const auto &[Kind, Path] = O;
        return usage("the rustc command also emits " + Kind +
                     (Path ? " (" + *Path + ")" : std::string()) +
                     ", which would still call every helper: the post-step inlines "
                     "into the object alone; drop '" +
                     Kind +
                     "' from --emit, or use the plugin mode (--mode=plugin, where "
                     "'helperlink check-compat' says 'plugin: yes')");
      }
    }
  if (!ObjArg)
    return usage("the rustc command has no --emit=obj: nothing for helperlink "
                 "to produce");

  if (Obj->Path)
    Inv.ObjectPath = *Obj->Path;
  else if (Parsed.Output && EmitKinds == 1)
    Inv.ObjectPath = *Parsed.Output;
  else
    return usage("cannot tell where rustc would write the object: use "
                 "--emit=obj=PATH");

  Inv.BitcodePath = BitcodePathFor(Inv.ObjectPath);
  *Obj = {"llvm-bc", Inv.BitcodePath};
  Inv.Args[ObjArg->ValueIndex] = ObjArg->argument();
  return Inv;
}

Error fixDepInfo(StringRef DepInfoPath, StringRef BitcodePath, StringRef ObjectPath) {
  auto Buf = MemoryBuffer::getFile(DepInfoPath, /*IsText=*/true);
  if (!Buf)
    return fileError(DepInfoPath, "cannot read rustc's dep-info: " + Buf.getError().message());
  std::string Text = (*Buf)->getBuffer().str();
  for (size_t At = Text.find(BitcodePath.str()); At != std::string::npos;
       At = Text.find(BitcodePath.str(), At + ObjectPath.size()))
    Text.replace(At, BitcodePath.size(), ObjectPath.str());
  return writeAtomically(DepInfoPath, [&](raw_pwrite_stream &OS) {
    OS << Text;
    return Error::success();
  });
}

/// rustc emits bitcode where it would have emitted the object; the
/// post-step then writes that object.
static Expected<int> runPostStepWrapper(const Config &Cfg, ArrayRef<std::string> Command,
                                        Report &R) {
  Expected<RustcInvocation> Inv =
      rewriteRustcCommand(Command, [&](StringRef Object) -> std::string {
        SmallString<128> Path;
        int FD;
        if (sys::fs::createUniqueFile(Object + ".helperlink-%%%%%%.bc", FD, Path))
          return (Object + ".helperlink.bc").str();
        sys::Process::SafelyCloseFileDescriptor(FD);
        return Path.str().str();
      });
  if (!Inv)
    return Inv.takeError();
  FileRemover RemoveBitcode(Inv->BitcodePath);
  if (Cfg.Emit != EmitKind::Object)
    return usage("--emit does not apply to rustc mode: the object rustc "
                 "would have written is produced");

  // One bitcode file: with several codegen units rustc writes *.rcgu.bc
  // pieces instead of the path it was given. The last -C codegen-units wins.
  Inv->Args.push_back("-Ccodegen-units=1");

  ErrorOr<std::string> Rustc = sys::findProgramByName(Inv->Args[0]);
  if (!Rustc)
    return fileError(Inv->Args[0], "cannot find the rustc program");
  SmallVector<StringRef, 32> Argv(Inv->Args.begin(), Inv->Args.end());
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(*Rustc, Argv, std::nullopt, {}, 0, 0, &ErrMsg);
  if (RC < 0)
    return fileError(*Rustc, "cannot run: " + ErrMsg);
  if (RC != 0)
    return RC; // rustc has said why

  Config Step = Cfg;
  Step.CrateFile = Inv->BitcodePath;
  Step.OutputFile = Inv->ObjectPath;
  if (Inv->FunctionSections && !Cfg.FunctionSectionsGiven)
    Step.Overrides.FunctionSections = *Inv->FunctionSections;
  if (Inv->DepInfoPath)
    if (Error E = fixDepInfo(*Inv->DepInfoPath, Inv->BitcodePath, Inv->ObjectPath))
      return E;
  if (Error E = runPostStep(Step, R))
    return E;
  // The dep-info rustc wrote, named or in its default place.
  std::optional<std::string> DepInfo =
      Inv->DepInfoPath ? Inv->DepInfoPath : RustcArgs::parse(Command).depInfoPath();
  if (DepInfo)
    if (Error E = addDepInfoPrerequisites(*DepInfo, helperStampsFor(Cfg, R))) {
      // Without the stamps make would not rebuild the object on a helper edit.
      sys::fs::remove(Inv->ObjectPath);
      return E;
    }
  return 0;
}

/// rustc reuses a codegen unit from its incremental cache without knowing
/// that the helpers, the plugin or the options changed. A stamp in the cache
/// directory records what the units were built with; when it differs, the
/// cache is dropped.
static Error invalidateStaleIncrementalCache(ArrayRef<std::string> Command,
                                             ArrayRef<std::string> Helpers, StringRef PluginPath,
                                             const Config &Cfg) {
  std::optional<std::string> Dir = RustcArgs::parse(Command).codegenOption("incremental");
  if (!Dir)
    return Error::success();
  Expected<std::string> Key = helperInputsKey(Helpers, PluginPath, codeOptionsFor(Cfg));
  if (!Key)
    return Key.takeError();
  std::string Stamp = "helperlink " + *Key + "\n";
  SmallString<256> StampPath(*Dir);
  sys::path::append(StampPath, "helperlink-inputs.txt");
  ErrorOr<std::unique_ptr<MemoryBuffer>> Old = MemoryBuffer::getFile(StampPath);
  if (Old && (*Old)->getBuffer() == Stamp)
    return Error::success();
  if (sys::fs::exists(*Dir))
    if (std::error_code EC = sys::fs::remove_directories(*Dir))
      return fileError(*Dir, "cannot drop the stale incremental cache: " + EC.message());
  if (std::error_code EC = sys::fs::create_directories(*Dir))
    return fileError(*Dir, "cannot create: " + EC.message());
  return writeAtomically(StampPath, [&](raw_pwrite_stream &OS) {
    OS << Stamp;
    return Error::success();
  });
}

/// The crate's rustc command as given, run with the plugin loaded: every
/// output rustc writes, whatever its kind, has the helpers inlined.
static Expected<int> runPluginWrapper(const Config &Cfg, ArrayRef<std::string> Command,
                                      StringRef PluginPath, Report &R) {
  R.Mode = "plugin";
  ErrorOr<std::string> Rustc = sys::findProgramByName(Command[0]);
  if (!Rustc)
    return fileError(Command[0], "cannot find the rustc program");

  // Helper paths absolute, so that a rustc run elsewhere finds them.
  std::vector<std::string> Helpers;
  for (const std::string &H : Cfg.HelperFiles) {
    SmallString<256> Abs(H);
    sys::fs::make_absolute(Abs);
    if (!sys::fs::exists(Abs))
      return fileError(H, "no such file");
    Helpers.push_back(std::string(Abs));
  }

  // The plugin writes a report per codegen unit into a directory; the
  // wrapper's --report=FILE gathers them into one file.
  Config ForPlugin = Cfg;
  SmallString<128> UnitReports;
  bool MergedByPlugin = StringRef(Cfg.ReportFile).ends_with(".json");
  if (MergedByPlugin) {
    // The plugin writes the one file itself, when rustc exits.
    SmallString<256> Abs(Cfg.ReportFile);
    sys::fs::make_absolute(Abs);
    ForPlugin.ReportFile = std::string(Abs);
  } else if (!Cfg.ReportFile.empty()) {
    // Beside the report: a relative prefix would put it in the temporary
    // directory instead.
    SmallString<256> Prefix(Cfg.ReportFile + ".units");
    sys::fs::make_absolute(Prefix);
    if (std::error_code EC = sys::fs::createUniqueDirectory(Prefix, UnitReports))
      return fileError(Cfg.ReportFile, "cannot create a directory beside it: " + EC.message());
    ForPlugin.ReportFile = std::string(UnitReports);
  }
  scope_exit RemoveUnitReports([&] {
    if (!UnitReports.empty())
      sys::fs::remove_directories(UnitReports);
  });

  if (Error E = invalidateStaleIncrementalCache(Command, Helpers, PluginPath, Cfg))
    return E;

  std::vector<std::string> Args(Command.begin(), Command.end());
  Args.push_back("-Zllvm-plugins=" + PluginPath.str());
  SmallVector<StringRef, 32> Argv(Args.begin(), Args.end());

  std::vector<std::string> Env;
  for (char **E = environ; *E; ++E) {
    StringRef Var(*E);
    StringRef Name = Var.split('=').first;
    if (Name != HelpersEnv && Name != OptionsEnv && Name != "RUSTC_BOOTSTRAP")
      Env.push_back(Var.str());
  }
  Env.push_back(std::string(HelpersEnv) + "=" + pluginHelpersFor(Helpers));
  Env.push_back(std::string(OptionsEnv) + "=" + pluginOptionsFor(ForPlugin));
  // -Zllvm-plugins is unstable; Kbuild sets this as well.
  Env.push_back("RUSTC_BOOTSTRAP=1");
  SmallVector<StringRef, 64> EnvRefs(Env.begin(), Env.end());

  if (Cfg.ReportFile.empty() || MergedByPlugin) {
    // Nothing to do after rustc: rustc's status and output are the run's.
    std::vector<char *> ArgvC, EnvC;
    for (std::string &A : Args)
      ArgvC.push_back(A.data());
    ArgvC.push_back(nullptr);
    for (std::string &E : Env)
      EnvC.push_back(E.data());
    EnvC.push_back(nullptr);
    outs().flush();
    errs().flush();
    execve(Rustc->c_str(), ArgvC.data(), EnvC.data());
    return fileError(*Rustc, "cannot run: " + std::string(strerror(errno)));
  }

  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(*Rustc, Argv, ArrayRef<StringRef>(EnvRefs), {}, 0, 0, &ErrMsg);
  if (RC < 0)
    return fileError(*Rustc, "cannot run: " + ErrMsg);

  if (!Cfg.ReportFile.empty()) {
    // Units rustc reused from its incremental cache have no report.
    std::vector<std::string> Files;
    std::error_code EC;
    for (sys::fs::directory_iterator It(UnitReports, EC), End; It != End && !EC; It.increment(EC))
      Files.push_back(It->path());
    llvm::sort(Files);
    std::vector<Report> Units;
    for (const std::string &F : Files) {
      ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(F);
      if (!Buf)
        continue;
      Expected<json::Value> V = json::parse((*Buf)->getBuffer());
      Expected<Report> Unit = V ? Report::fromJSON(*V) : V.takeError();
      if (!Unit)
        return fileError(F, "unreadable codegen-unit report: " + toString(Unit.takeError()));
      Units.push_back(std::move(*Unit));
    }
    if (Error E = writeReport(mergeUnitReports(std::move(Units)), Cfg.ReportFile))
      return E;
  }
  return RC; // rustc's status: on a refusal the plugin has failed it, saying why
}

/// Options only the post-step has: the object is then helperlink's, not
/// rustc's.
static std::optional<std::string> postStepOnlyOption(const Config &Cfg) {
  if (Cfg.Overrides.Relocation)
    return "--relocation-model";
  if (Cfg.Overrides.Code)
    return "--code-model";
  if (Cfg.Emit != EmitKind::Object)
    return "--emit";
  return std::nullopt;
}

Expected<int> runRustcWrapper(const Config &Cfg, ArrayRef<std::string> Command, Report &R,
                              function_ref<void()> InitializeTargets) {
  if (Command.empty())
    return usage("no rustc command given after --");
  if (!Cfg.HelperStampDir.empty() && !RustcArgs::parse(Command).depInfoPath())
    return usage("--helper-stamps: the rustc command writes no dep-info to name the stamps in "
                 "(--emit=dep-info=FILE)");
  auto PostStep = [&]() -> Expected<int> {
    if (InitializeTargets)
      InitializeTargets();
    return runPostStepWrapper(Cfg, Command, R);
  };
  if (Cfg.Mode == WrapperMode::PostStep)
    return PostStep();

  std::optional<std::string> PostStepOption = postStepOnlyOption(Cfg);
  if (Cfg.Mode == WrapperMode::Plugin && PostStepOption)
    return usage("'" + *PostStepOption +
                 "' applies to --mode=post-step only: in plugin "
                 "mode rustc writes the output with its own settings");
  if (PostStepOption)
    return PostStep();

  // Once per rustc binary, not once per crate: the probe runs three
  // programs, which cost a small crate's build more than the plugin does.
  PluginSupport Plugin = pluginSupportFor(
      Command[0], /*Cached=*/true,
      Command.size() > 1 && StringRef(Command[1]).starts_with("+") ? Command[1] : "");
  if (!Plugin.Usable) {
    if (Cfg.Mode == WrapperMode::Plugin)
      return fileError(Command[0], "cannot load helperlink's rustc plugin: " + Plugin.Reason);
    R.Warnings.push_back("post-step mode: " + Plugin.Reason);
    return PostStep();
  }
  return runPluginWrapper(Cfg, Command, Plugin.Path, R);
}

} // namespace helperlink
