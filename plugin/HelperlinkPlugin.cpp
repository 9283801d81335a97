//===- HelperlinkPlugin.cpp - helperlink inside rustc's LLVM pipeline -----===//
//
// RUSTC_BOOTSTRAP=1 rustc -Zllvm-plugins=helperlink-rustc.so ...
//   HELPERLINK_HELPERS=a.bc:b.bc  HELPERLINK_OPTIONS="--require-inlined ..."
//   (both quoted as a shell quotes: --report='my dir', 'dir:x/a.bc':b.bc)
//
// Environment -> Config -> the library's stages, on each codegen unit:
// at pipeline start the helpers are linked and inlined, so that rustc's own
// optimizer, at its own -Copt-level, optimizes them with the crate; after
// the optimizer the result is checked and the report written. Options come
// from the environment because rustc parses -Cllvm-args before it loads
// plugins.
//
//===----------------------------------------------------------------------===//

#include "helperlink/Options.h"
#include "helperlink/Output.h"
#include "helperlink/Pipeline.h"
#include "helperlink/RustcArgs.h"

#include "llvm-c/Core.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>

using namespace llvm;
using namespace helperlink;

#ifndef HELPERLINK_PLUGIN_LLVM_MAJOR
#define HELPERLINK_PLUGIN_LLVM_MAJOR LLVM_VERSION_MAJOR
#endif

#ifndef HELPERLINK_PLUGIN_LOAD_CHECK_ONLY
namespace {

/// The run the environment describes, read once per rustc process.
struct PluginRun {
  Config Cfg;
  /// An error in the environment, reported by every codegen unit, or, when
  /// ProblemIsRunWide, said by the first and failing the build once.
  std::string Problem;
  bool ProblemIsRunWide = false;
  /// HELPERLINK_HELPERS is set but names no file: this crate is given no
  /// helpers (a build that loads the plugin for every crate), so the plugin
  /// leaves it alone.
  bool NoHelpers = false;
};

const PluginRun &pluginRun() {
  static const PluginRun Run = [] {
    PluginRun R;
    std::optional<std::string> Helpers = sys::Process::GetEnv(HelpersEnv);
    if (Helpers) {
      Expected<std::vector<std::string>> Files = parsePluginHelpers(*Helpers);
      if (!Files) {
        R.Problem = std::string(HelpersEnv) + ": " + toString(Files.takeError());
        return R;
      }
      R.Cfg.HelperFiles = std::move(*Files);
      // Said once for the whole rustc, not by every codegen unit, with
      // where the path came from: rustc's working directory is the build
      // system's choice (cargo: the workspace or the package).
      for (const std::string &F : R.Cfg.HelperFiles) {
        std::error_code EC = sys::fs::access(F, sys::fs::AccessMode::Exist);
        if (!EC) {
          ErrorOr<std::unique_ptr<MemoryBuffer>> Probe = MemoryBuffer::getFileSlice(F, 1, 0);
          EC = Probe ? std::error_code() : Probe.getError();
        }
        if (!EC)
          continue;
        SmallString<256> Cwd;
        sys::fs::current_path(Cwd);
        SmallString<256> Abs(F);
        sys::fs::make_absolute(Abs);
        R.Problem = F + ": cannot open: " + EC.message() + " (a helper file named by " +
                    HelpersEnv +
                    (sys::path::is_absolute(F)
                         ? std::string(")")
                         : "; a relative path there is relative to rustc's working "
                           "directory, " +
                               std::string(Cwd) + ", so this is " + std::string(Abs) + ")");
        R.ProblemIsRunWide = true;
        return R;
      }
    }
    if (std::optional<std::string> Options = sys::Process::GetEnv(OptionsEnv))
      if (Error E = parsePluginOptions(*Options, R.Cfg))
        R.Problem = std::string(OptionsEnv) + ": " + toString(std::move(E));
    if (R.Problem.empty() && R.Cfg.HelperFiles.empty()) {
      if (Helpers)
        R.NoHelpers = true;
      else
        R.Problem = std::string("no helpers given: set ") + HelpersEnv +
                    "=HELPERS.bc[:MORE.bc] (or set it empty for a crate that gets none)";
    }
    return R;
  }();
  return Run;
}

/// What the pass at pipeline start leaves for the pass after the optimizer,
/// per codegen unit; rustc optimizes several units at once, on threads.
struct UnitState {
  HelperInlining Inlined;
  Report R;
  std::unique_ptr<TargetMachine> TM;
};
std::mutex StatesLock;
std::map<const Module *, std::unique_ptr<UnitState>> States;

/// This rustc's own command line, read once. Never destroyed: the exit
/// handlers that read it may run after static destructors.
const RustcArgs &rustcArgs() {
  static const RustcArgs &Args = *[] {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Cmd =
        MemoryBuffer::getFileAsStream("/proc/self/cmdline");
    if (!Cmd)
      return new RustcArgs();
    SmallVector<StringRef, 64> Command;
    (*Cmd)->getBuffer().split(Command, '\0');
    return new RustcArgs(RustcArgs::parse(Command));
  }();
  return Args;
}

/// Codegen units refused so far; rustc still writes their objects, which
/// are removed when rustc exits.
std::mutex RefusedLock;
std::vector<std::string> RefusedUnits;

void removeRefusedObjects() {
  std::lock_guard<std::mutex> Lock(RefusedLock);
  for (const std::string &Dir : rustcArgs().outputDirs()) {
    std::error_code EC;
    for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
      StringRef Name = sys::path::filename(It->path());
      for (const std::string &Unit : RefusedUnits)
        if (Name.contains(Unit + ".rcgu."))
          sys::fs::remove(It->path());
    }
  }
}

/// Fails the rustc command: helperlink's lines on stderr, then an error
/// rustc counts. rustc ignores a generic LLVM error diagnostic and writes the
/// object; an inline-asm error is one it reports and fails on.
void failBuild(Module &M, Error E) {
  std::string Text;
  size_t Count = 0;
  for (const std::string &Line : errorLines(std::move(E))) {
    Text += "helperlink: error: " + Line + "\n";
    ++Count;
  }
  errs() << Text;
  errs().flush();
  {
    std::lock_guard<std::mutex> Lock(RefusedLock);
    if (RefusedUnits.empty())
      std::atexit(removeRefusedObjects);
    RefusedUnits.push_back(M.getModuleIdentifier());
  }
  M.getContext().diagnose(DiagnosticInfoInlineAsm(
      0, "helperlink: codegen unit " + M.getModuleIdentifier() + " refused (" +
             std::to_string(Count) + " error(s) above); its object is not kept"));
}

void printWarnings(const Report &R, const Config &Cfg) {
  // Each warning once per rustc, not once per codegen unit.
  static std::mutex SaidLock;
  static std::set<std::string> Said;
  std::string Text;
  {
    std::lock_guard<std::mutex> Lock(SaidLock);
    for (const std::string &W : R.Warnings)
      if (Said.insert(W).second)
        Text += "helperlink: warning: " + W + "\n";
  }
  if (Cfg.Verbosity) {
    raw_string_ostream OS(Text);
    OS << "helperlink: codegen unit " << R.Inputs.front().Path << ":\n";
    R.printSummary(OS, Cfg.Verbosity);
  }
  errs() << Text;
}

/// --helper-stamps: the helpers this rustc's units call, named in its
/// dep-info when it exits (rustc wrote the dep-info before code generation).
std::mutex StampedLock;
std::set<std::string> StampedHelpers;

void addStampsToDepInfo() {
  std::lock_guard<std::mutex> Lock(StampedLock);
  const Config &Cfg = pluginRun().Cfg;
  Report Called;
  Called.HelpersCalled.assign(StampedHelpers.begin(), StampedHelpers.end());
  Error E = Error::success();
  if (std::optional<std::string> DepInfo = rustcArgs().depInfoPath())
    E = addDepInfoPrerequisites(*DepInfo, helperStampsFor(Cfg, Called));
  else
    E = createStringError(inconvertibleErrorCode(),
                          "--helper-stamps: this rustc writes no dep-info to name the stamps in "
                          "(--emit=dep-info=FILE)");
  if (E) {
    for (const std::string &Line : errorLines(std::move(E)))
      errs() << "helperlink: error: " << Line << "\n";
    errs().flush();
    // The build must not take this rustc's outputs as up to date.
    sys::Process::Exit(1, /*NoCleanup=*/true);
  }
}

/// A --report ending in .json is one file for the whole rustc run: the
/// units' reports, merged when rustc exits. Any other is a directory with
/// one file per unit.
bool reportIsOneFile(const Config &Cfg) { return StringRef(Cfg.ReportFile).ends_with(".json"); }

std::mutex MergedLock;
std::vector<std::pair<std::string, Report>> MergedUnits;

void writeMergedReport() {
  std::lock_guard<std::mutex> Lock(MergedLock);
  llvm::sort(MergedUnits, [](const auto &A, const auto &B) { return A.first < B.first; });
  std::vector<Report> Units;
  for (auto &[Name, R] : MergedUnits)
    Units.push_back(std::move(R));
  if (Error E = writeReport(mergeUnitReports(std::move(Units)), pluginRun().Cfg.ReportFile)) {
    for (const std::string &Line : errorLines(std::move(E)))
      errs() << "helperlink: error: " << Line << "\n";
    errs().flush();
  }
}

/// What --report-by-crate needs from rustc's command line: the crate, the
/// profile (cargo's --out-dir is <target>/<profile>/deps, or
/// <target>/<profile>/build/<package>-<hash> for a build script) and
/// what tells a crate's lib from its bin and its tests: its crate types and
/// --test. Not -C extra-filename: cargo helperlink's -C metadata, and so
/// that name, changes with every helper edit.
struct CrateOfRun {
  std::string Crate, Profile, Kind;
};

const CrateOfRun &crateOfRun() {
  // Never destroyed: removeStaleReports reads it when rustc exits.
  static const CrateOfRun &C = *[] {
    const RustcArgs &Args = rustcArgs();
    auto *C = new CrateOfRun;
    C->Crate = Args.CrateName.value_or("");
    C->Kind = join(Args.CrateTypes, "-") + (Args.Test ? "-test" : "");
    StringRef Dir = Args.OutDir ? StringRef(*Args.OutDir) : StringRef();
    if (sys::path::filename(Dir) == "deps")
      C->Profile = sys::path::filename(sys::path::parent_path(Dir)).str();
    else if (sys::path::filename(sys::path::parent_path(Dir)) == "build")
      C->Profile = sys::path::filename(sys::path::parent_path(sys::path::parent_path(Dir))).str();
    return C;
  }();
  return C;
}

/// The directory a unit's report goes to: DIR, or DIR/<profile>/<crate>.
std::string reportDirFor(const Module &M, const Config &Cfg) {
  SmallString<256> Dir(Cfg.ReportFile);
  if (Cfg.ReportByCrate) {
    const CrateOfRun &C = crateOfRun();
    if (!C.Profile.empty())
      sys::path::append(Dir, C.Profile);
    sys::path::append(Dir, C.Crate.empty() ? StringRef(M.getModuleIdentifier()).split('.').first
                                           : StringRef(C.Crate));
  }
  return std::string(Dir);
}

/// One report file per codegen unit: <reportDirFor>/<unit>.json.
std::string reportPathFor(const Module &M, const Config &Cfg) {
  std::string Unit = M.getModuleIdentifier();
  for (char &C : Unit)
    if (C == '/' || C == '\\')
      C = '_';
  SmallString<256> Path(reportDirFor(M, Cfg));
  sys::path::append(Path, Unit + ".json");
  return std::string(Path);
}

/// --report-by-crate: the reports this rustc wrote, and where. When rustc
/// exits, the crate's directory loses the reports of units from an earlier
/// build of the same crate (same crate types and --test) that this build
/// does not have: another <hash> in "<crate>.<hash>-cgu.N" means other
/// inputs.
/// Units rustc reused from its incremental cache keep their report.
std::mutex WrittenLock;
std::string WrittenDir, WrittenHash;
std::set<std::string> WrittenUnits;

StringRef unitHash(StringRef Unit) { return Unit.split('.').second.split("-cgu.").first; }

void removeStaleReports() {
  std::lock_guard<std::mutex> Lock(WrittenLock);
  if (WrittenDir.empty())
    return;
  SmallString<256> Manifest(WrittenDir);
  sys::path::append(Manifest, ".units-" + crateOfRun().Kind);
  std::set<std::string> Keep = WrittenUnits;
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Old = MemoryBuffer::getFile(Manifest)) {
    SmallVector<StringRef, 16> Lines;
    (*Old)->getBuffer().split(Lines, '\n', -1, false);
    for (StringRef L : Lines) {
      if (Keep.count(L.str()))
        continue;
      if (unitHash(StringRef(L).drop_back(strlen(".json"))) == WrittenHash) {
        Keep.insert(L.str()); // reused from the incremental cache
        continue;
      }
      SmallString<256> F(WrittenDir);
      sys::path::append(F, L);
      sys::fs::remove(F);
    }
  }
  consumeError(writeAtomically(Manifest, [&](raw_pwrite_stream &OS) {
    for (const std::string &U : Keep)
      OS << U << "\n";
    return Error::success();
  }));
}

void noteReportWritten(const Module &M, const Config &Cfg, StringRef Path) {
  if (!Cfg.ReportByCrate)
    return;
  std::lock_guard<std::mutex> Lock(WrittenLock);
  if (WrittenDir.empty()) {
    WrittenDir = reportDirFor(M, Cfg);
    WrittenHash = unitHash(M.getModuleIdentifier()).str();
  }
  WrittenUnits.insert(sys::path::filename(Path).str());
}

struct InlineHelpersPass : PassInfoMixin<InlineHelpersPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    const PluginRun &Run = pluginRun();
    if (!Run.Problem.empty()) {
      static std::atomic<bool> Said{false};
      if (!Run.ProblemIsRunWide || !Said.exchange(true))
        failBuild(M, createStringError(inconvertibleErrorCode(), Run.Problem));
      return PreservedAnalyses::all();
    }
    if (reportIsOneFile(Run.Cfg)) {
      static std::once_flag Registered;
      std::call_once(Registered, [] { std::atexit(writeMergedReport); });
    } else if (Run.Cfg.ReportByCrate && !Run.Cfg.ReportFile.empty()) {
      static std::once_flag Registered;
      std::call_once(Registered, [] { std::atexit(removeStaleReports); });
    }
    if (Run.NoHelpers) {
      // A crate given no helpers may still call one (--helper-prefix).
      if (Error E = checkUndefinedHelpers(M, M.getModuleIdentifier(), {}, {}, Run.Cfg))
        failBuild(M, std::move(E));
      return PreservedAnalyses::all();
    }
    auto State = std::make_unique<UnitState>();
    Report &R = State->R;
    R.Mode = "plugin";
    R.Inputs.push_back({M.getModuleIdentifier(), InputRole::Crate, InputFormat::RustcModule,
                        "rustc", M.getTargetTriple().str()});
    R.Reopt = "rustc";
    R.Target = crateTargetSettings(M, {});
    Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(R.Target);
    if (!TM) {
      failBuild(M, createFileError(M.getModuleIdentifier(), TM.takeError()));
      return PreservedAnalyses::all();
    }
    Expected<HelperInlining> Inlined = inlineHelpers(M, M.getModuleIdentifier(), Run.Cfg, **TM, R);
    if (!Inlined) {
      failBuild(M, Inlined.takeError());
      return PreservedAnalyses::none();
    }
    State->Inlined = std::move(*Inlined);
    // rustc's optimizer may delete these functions before CheckResultPass.
    for (Function *F : State->Inlined.Touched)
      R.Reoptimized.push_back(F->getName().str());
    State->Inlined.Touched.clear();
    State->Inlined.OptimizedByRustc = true;
    State->TM = std::move(*TM);
    std::lock_guard<std::mutex> Lock(StatesLock);
    States[&M] = std::move(State);
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

struct CheckResultPass : PassInfoMixin<CheckResultPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    std::unique_ptr<UnitState> State;
    {
      std::lock_guard<std::mutex> Lock(StatesLock);
      auto It = States.find(&M);
      if (It == States.end())
        return PreservedAnalyses::all(); // a unit's second pipeline (ThinLTO)
      State = std::move(It->second);
      States.erase(It);
    }
    const Config &Cfg = pluginRun().Cfg;
    Report &R = State->R;
    inlineLateHelperCalls(M, State->Inlined, *State->TM, R);
    Error Refused = checkResult(M, M.getModuleIdentifier(), State->Inlined, Cfg, R);
    printWarnings(R, Cfg);
    if (!Cfg.HelperStampDir.empty()) {
      std::lock_guard<std::mutex> Lock(StampedLock);
      static std::once_flag Registered;
      std::call_once(Registered, [] { std::atexit(addStampsToDepInfo); });
      StampedHelpers.insert(R.HelpersCalled.begin(), R.HelpersCalled.end());
    }
    if (reportIsOneFile(Cfg)) {
      std::lock_guard<std::mutex> Lock(MergedLock);
      MergedUnits.push_back({M.getModuleIdentifier(), std::move(R)});
    } else if (!Cfg.ReportFile.empty() && !State->Inlined.NothingNeeded) {
      // A unit that calls no helper has nothing to report: a build that
      // gives every crate the helpers gets reports for the crates that use
      // them.
      Error Written = errorCodeToError(sys::fs::create_directories(reportDirFor(M, Cfg)));
      std::string Path = reportPathFor(M, Cfg);
      if (!Written)
        Written = writeReport(R, Path);
      if (!Written)
        noteReportWritten(M, Cfg, Path);
      Refused = joinErrors(std::move(Written), std::move(Refused));
    }
    if (Refused)
      failBuild(M, std::move(Refused));
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(InlineHelpersPass()); });
  PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM, OptimizationLevel,
                                        ThinOrFullLTOPhase) { MPM.addPass(CheckResultPass()); });
}

} // namespace
#else
static void registerCallbacks(PassBuilder &) {}
#endif

// rustc looks the entry point up by name; everything else stays hidden.
extern "C" LLVM_ATTRIBUTE_WEAK LLVM_ATTRIBUTE_VISIBILITY_DEFAULT PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  // A plugin built for another LLVM cannot run in this one: say so before
  // it registers anything.
  unsigned Major = 0, Minor = 0, Patch = 0;
  LLVMGetVersion(&Major, &Minor, &Patch);
  if (Major != HELPERLINK_PLUGIN_LLVM_MAJOR) {
    errs() << "helperlink: error: the rustc plugin is built for LLVM "
           << HELPERLINK_PLUGIN_LLVM_MAJOR << " but this rustc runs LLVM " << Major << "." << Minor
           << "." << Patch
           << "; use 'helperlink rustc --mode=post-step' or a helperlink built for LLVM " << Major
           << "\n";
    errs().flush();
    sys::Process::Exit(1, /*NoCleanup=*/true);
  }
  return {LLVM_PLUGIN_API_VERSION, "helperlink", LLVM_VERSION_STRING, registerCallbacks};
}
