//===- Codegen.cpp - Re-optimizing and emitting ---------------------------===//

#include "helperlink/Codegen.h"

#include "llvm/Analysis/ProfileSummaryInfo.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"

#include <map>
#include <tuple>

using namespace llvm;

namespace helperlink {

TargetSettings crateTargetSettings(const Module &Crate, const TargetOverrides &Overrides) {
  TargetSettings S;
  S.Triple = Crate.getTargetTriple().str();
  // The module-level subtarget (module inline asm, defaults) is the one
  // rustc configured, which its functions carry as attributes; not a
  // #[target_feature] function's, even where that one comes first.
  if (const Function *Rep = crateTargetRepresentative(
          Crate, [](const Function &F) { return F.hasFnAttribute("target-cpu"); })) {
    S.CPU = Rep->getFnAttribute("target-cpu").getValueAsString().str();
    S.Features = Rep->getFnAttribute("target-features").getValueAsString().str();
  }
  S.Relocation = Overrides.Relocation
                     ? *Overrides.Relocation
                     : (Crate.getPICLevel() == PICLevel::NotPIC ? Reloc::Static : Reloc::PIC_);
  S.Code = Overrides.Code ? Overrides.Code : Crate.getCodeModel();
  S.FunctionSections = Overrides.FunctionSections;
  return S;
}

const Function *crateTargetRepresentative(const Module &Crate,
                                          function_ref<bool(const Function &)> Counts) {
  auto Value = [](const Function &F, StringRef Kind) {
    return F.getFnAttribute(Kind).getValueAsString().str();
  };
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<unsigned, const Function *>>
      Count;
  for (const Function &F : Crate)
    if (!F.isDeclaration() && Counts(F)) {
      auto &[N, First] =
          Count[{Value(F, "target-cpu"), Value(F, "target-features"), Value(F, "tune-cpu")}];
      if (!N++)
        First = &F;
    }
  const Function *Rep = nullptr;
  unsigned Most = 0;
  for (const auto &[Key, Entry] : Count)
    if (Entry.first > Most)
      std::tie(Most, Rep) = Entry;
  return Rep;
}

Expected<std::unique_ptr<TargetMachine>> createTargetMachine(const TargetSettings &S) {
  Triple TT(S.Triple);
  std::string Err;
  const Target *T = TargetRegistry::lookupTarget(TT, Err);
  if (!T)
    return createStringError(inconvertibleErrorCode(),
                             "no target for triple '" + S.Triple + "': " + Err);
  std::unique_ptr<MCSubtargetInfo> Base(T->createMCSubtargetInfo(TT, "", ""));
  if (Base && !S.CPU.empty() && !Base->isCPUStringValid(S.CPU))
    return createStringError(inconvertibleErrorCode(), "target-cpu '" + S.CPU +
                                                           "' is not a CPU LLVM knows for " +
                                                           TT.getArchName());
  TargetOptions Opts;
  // As rustc sets them for ELF objects, so the output looks like its own.
  Opts.FunctionSections = S.FunctionSections;
  Opts.DataSections = S.FunctionSections;
  Opts.UniqueSectionNames = true;
  Opts.TrapUnreachable = true;
  // rustc leaves GOT loads unrelaxable (R_X86_64_GOTPCREL, not *GOTPCRELX).
  Opts.MCOptions.X86RelaxRelocations = false;
  std::unique_ptr<TargetMachine> TM(T->createTargetMachine(
      TT, S.CPU, S.Features, Opts, S.Relocation, S.Code, CodeGenOptLevel::Default));
  if (!TM)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for '" + S.Triple + "'");
  return TM;
}

/// The function passes LLVM 22's default<O2> runs on every function before
/// the CGSCC inliner and its simplification pipeline, in two groups (the
/// module passes between them do not apply to one function).
static const char O2EarlyFunctionPipeline[] =
    "lower-expect,"
    "simplifycfg<bonus-inst-threshold=1;no-forward-switch-cond;"
    "no-switch-range-to-icmp;no-switch-to-arithmetic;no-switch-to-lookup;"
    "keep-loops;no-hoist-common-insts;no-hoist-loads-stores-with-cond-faulting;"
    "no-sink-common-insts;speculate-blocks;simplify-cond-branch;"
    "no-speculate-unpredictables>,"
    "sroa<modify-cfg>,early-cse<>";
static const char O2EarlyFunctionPipelineAfterGlobalOpt[] =
    "mem2reg,"
    "instcombine<max-iterations=1;no-verify-fixpoint>,"
    "simplifycfg<bonus-inst-threshold=1;no-forward-switch-cond;"
    "switch-range-to-icmp;no-switch-to-arithmetic;no-switch-to-lookup;"
    "keep-loops;no-hoist-common-insts;no-hoist-loads-stores-with-cond-faulting;"
    "no-sink-common-insts;speculate-blocks;simplify-cond-branch;"
    "no-speculate-unpredictables>";

/// The function passes of LLVM 22's default<O2> module optimization pipeline
/// (opt -passes='default<O2>' -print-pipeline-passes), which run after the
/// function simplification pipeline: loop vectorization, SLP, unrolling.
static const char O2FunctionOptimizationPipeline[] =
    "drop-unnecessary-assumes,float2int,lower-constant-intrinsics,"
    "loop(loop-rotate<header-duplication;no-prepare-for-lto>,loop-deletion),"
    "loop-distribute,inject-tli-mappings,"
    "loop-vectorize<no-interleave-forced-only;no-vectorize-forced-only;>,"
    "drop-unnecessary-assumes,infer-alignment,loop-load-elim,"
    "instcombine<max-iterations=1;no-verify-fixpoint>,"
    "simplifycfg<bonus-inst-threshold=1;forward-switch-cond;switch-range-to-icmp;"
    "switch-to-arithmetic;switch-to-lookup;no-keep-loops;hoist-common-insts;"
    "no-hoist-loads-stores-with-cond-faulting;sink-common-insts;speculate-blocks;"
    "simplify-cond-branch;no-speculate-unpredictables>,"
    "slp-vectorizer,vector-combine,instcombine<max-iterations=1;no-verify-fixpoint>,"
    "loop-unroll<O2>,transform-warning,sroa<preserve-cfg>,infer-alignment,"
    "instcombine<max-iterations=1;no-verify-fixpoint>,"
    "loop-mssa(licm<allowspeculation>),alignment-from-assumptions,loop-sink,"
    "instsimplify,div-rem-pairs,tailcallelim,"
    "simplifycfg<bonus-inst-threshold=1;no-forward-switch-cond;switch-range-to-icmp;"
    "switch-to-arithmetic;no-switch-to-lookup;keep-loops;no-hoist-common-insts;"
    "hoist-loads-stores-with-cond-faulting;no-sink-common-insts;speculate-blocks;"
    "simplify-cond-branch;speculate-unpredictables>";

ArrayRef<const char *> reoptimizePipelineTexts() {
  static const char *const Texts[] = {O2EarlyFunctionPipeline,
                                      O2EarlyFunctionPipelineAfterGlobalOpt,
                                      O2FunctionOptimizationPipeline};
  return Texts;
}

void reoptimize(Module &M, TargetMachine &TM, ReoptScope Scope, ArrayRef<Function *> Touched) {
  if (Scope == ReoptScope::None || (Scope == ReoptScope::Touched && Touched.empty()))
    return;
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PipelineTuningOptions PTO; // as rustc and clang set them at O2
  PTO.LoopVectorization = PTO.SLPVectorization = true;
  PassBuilder PB(&TM, PTO);
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

  if (Scope == ReoptScope::Module) {
    ModulePassManager MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
    MPM.run(M, MAM);
    return;
  }
  MAM.getResult<ProfileSummaryAnalysis>(M);
  // What default<O2> runs on each function, in its order: the early
  // function passes (simplifycfg speculates a branchy helper result into a
  // select before jump threading can thread it apart), the simplification
  // pipeline, then the optimization passes (a loop that called a helper
  // could not be vectorized or unrolled by rustc; now it can, as in C).
  FunctionPassManager FPM;
  auto AddParsed = [&](const char *Text) {
    if (Error E = PB.parsePassPipeline(FPM, Text))
      report_fatal_error(Twine("helperlink's re-optimization pipeline: ") + toString(std::move(E)));
  };
  AddParsed(O2EarlyFunctionPipeline);
  AddParsed(O2EarlyFunctionPipelineAfterGlobalOpt);
  FPM.addPass(
      PB.buildFunctionSimplificationPipeline(OptimizationLevel::O2, ThinOrFullLTOPhase::None));
  AddParsed(O2FunctionOptimizationPipeline);
  for (Function *F : Touched)
    FPM.run(*F, FAM);
}

Error emit(Module &M, TargetMachine &TM, EmitKind Kind, raw_pwrite_stream &OS) {
  switch (Kind) {
  case EmitKind::Bitcode:
    WriteBitcodeToFile(M, OS);
    return Error::success();
  case EmitKind::IR:
    M.print(OS, nullptr);
    return Error::success();
  case EmitKind::Object:
  case EmitKind::Assembly: {
    legacy::PassManager PM;
    CodeGenFileType FT =
        Kind == EmitKind::Object ? CodeGenFileType::ObjectFile : CodeGenFileType::AssemblyFile;
    if (TM.addPassesToEmitFile(PM, OS, nullptr, FT))
      return createStringError(inconvertibleErrorCode(),
                               "the target cannot emit this kind of file");
    PM.run(M);
    return Error::success();
  }
  }
  llvm_unreachable("unknown emit kind");
}

} // namespace helperlink
