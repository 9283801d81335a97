//===- Inline.cpp - Inlining helper calls as InlineDecision.cpp decides ---===//

#include "helperlink/Inline.h"

#include "helperlink/Codegen.h"
#include "helperlink/InlineDecision.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ValueHandle.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <map>
#include <set>

using namespace llvm;

namespace helperlink {

std::string CallSiteRecord::notInlinedMessage() const {
  return "call from '" + Caller + "' to '" + Callee + "' was not inlined" +
         (Reason.empty() ? "" : ": " + Reason);
}

/// Replaces \p Call by a call of \p Callee's own type, with the conversions
/// signatureAdaptation() names; returns the new call.
static CallInst *adaptCall(CallInst &Call, Function &Callee) {
  FunctionType &Defined = *Callee.getFunctionType();
  IRBuilder<> B(&Call);
  SmallVector<Value *, 8> Args;
  for (unsigned I = 0, E = Defined.getNumParams(); I != E; ++I)
    Args.push_back(B.CreateTrunc(Call.getArgOperand(I), Defined.getParamType(I)));
  SmallVector<OperandBundleDef, 2> Bundles;
  Call.getOperandBundlesAsDefs(Bundles);
  CallInst *New = B.CreateCall(&Defined, &Callee, Args, Bundles);
  New->setCallingConv(Call.getCallingConv());
  // Only the location: other metadata (!range, ...) describes the old type.
  New->setDebugLoc(Call.getDebugLoc());
  if (!Call.getType()->isVoidTy()) {
    Value *Result = resultSignExtends(Callee) ? B.CreateSExt(New, Call.getType())
                                              : B.CreateZExt(New, Call.getType());
    Call.replaceAllUsesWith(Result);
  }
  Call.eraseFromParent();
  return New;
}

static std::vector<std::string> fnAttributeStrings(const Function &F) {
  std::vector<std::string> Out;
  for (const Attribute &A : F.getAttributes().getFnAttrs())
    Out.push_back(A.getAsString());
  llvm::sort(Out);
  return Out;
}

/// What \p F's attributes gained and lost since \p Before (fnAttributeStrings).
static AttributeChange attributeChangeSince(const Function &F,
                                            const std::vector<std::string> &Before) {
  std::vector<std::string> After = fnAttributeStrings(F);
  AttributeChange Change{F.getName().str(), {}, {}, {}};
  std::set_difference(After.begin(), After.end(), Before.begin(), Before.end(),
                      std::back_inserter(Change.Added));
  std::set_difference(Before.begin(), Before.end(), After.begin(), After.end(),
                      std::back_inserter(Change.Removed));
  return Change;
}

/// The helper \p CB calls directly: one linked from a helper file, or one
/// left external because its definition there is interposable.
static Function *helperCallee(const CallBase &CB, const LinkResult &Linked) {
  auto *F = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!F || !F->hasName())
    return nullptr;
  if (Linked.FromHelpers.count(F->getName()))
    return F;
  if (F->isDeclaration() && Linked.Interposable.count(F->getName().str()))
    return F;
  return nullptr;
}

/// The crate functions that refer to a helper (directly or through a
/// constant): only they can call one, so a round reads only their code.
static SmallPtrSet<const Function *, 32> functionsReferringToHelpers(const Module &M,
                                                                     const LinkResult &Linked) {
  SmallPtrSet<const Function *, 32> Referring;
  SmallVector<const User *, 32> Work;
  SmallPtrSet<const User *, 32> Seen;
  for (const GlobalValue &GV : M.global_values())
    if (GV.hasName() &&
        (Linked.FromHelpers.count(GV.getName()) || Linked.Interposable.count(GV.getName().str())))
      Work.append(GV.user_begin(), GV.user_end());
  while (!Work.empty()) {
    const User *U = Work.pop_back_val();
    if (!Seen.insert(U).second)
      continue;
    if (const auto *I = dyn_cast<Instruction>(U)) {
      if (Linked.CrateFunctions.count(I->getFunction()->getName()))
        Referring.insert(I->getFunction());
    } else if (isa<Constant>(U) && !isa<GlobalValue>(U)) {
      Work.append(U->user_begin(), U->user_end());
    }
  }
  return Referring;
}

/// A call through a helper file's alias (not interposable: those were left
/// external) calls the aliased function: make it a direct call to it, so
/// that it is decided like any other.
/// Returns the alias's name when it did.
static std::string callThroughAlias(CallBase &CB, const LinkResult &Linked) {
  auto *GA = dyn_cast<GlobalAlias>(CB.getCalledOperand()->stripPointerCasts());
  if (!GA || !GA->hasName() || !Linked.FromHelpers.count(GA->getName()) || GA->isInterposable())
    return "";
  auto *F = dyn_cast_or_null<Function>(GA->getAliaseeObject());
  if (!F || F->getFunctionType() != CB.getFunctionType())
    return "";
  CB.setCalledOperand(F);
  return GA->getName().str();
}

/// The metadata kind that carries a refused call's reason to --require-inlined.
static constexpr const char *NotInlinedKind = "helperlink.not_inlined";

static void markNotInlined(CallBase &CB, StringRef Reason) {
  LLVMContext &Ctx = CB.getContext();
  CB.setMetadata(NotInlinedKind, MDNode::get(Ctx, MDString::get(Ctx, Reason)));
}

static std::string notInlinedReason(const CallBase &CB) {
  if (const MDNode *N = CB.getMetadata(NotInlinedKind))
    if (N->getNumOperands() == 1)
      if (const auto *S = dyn_cast<MDString>(N->getOperand(0)))
        return S->getString().str();
  return "";
}

static SignatureMismatch signatureMismatch(const CallBase &CB, const Function &Callee) {
  SignatureMismatch S;
  S.Adapted = signatureAdaptation(CB, Callee);
  S.Helper = Callee.getName().str();
  S.CrateC = cSignature(*CB.getFunctionType());
  S.CrateLLVM = llvmSignature(*CB.getFunctionType());
  S.HelperC = cSignature(*Callee.getFunctionType());
  S.HelperLLVM = llvmSignature(*Callee.getFunctionType());
  return S;
}

namespace {
class HelperInliner {
  const LinkResult &Linked;
  const TargetMachine *TM;
  InlineSummary &Summary;
  std::map<Function *, std::vector<std::string>> AttrsBefore;
  SetVector<Function *> Touched;

public:
  HelperInliner(const LinkResult &Linked, const TargetMachine *TM, InlineSummary &Summary)
      : Linked(Linked), TM(TM), Summary(Summary) {}

  /// Decides \p CB; on success inlines it and follows the calls to helpers
  /// the inlined body brought, refusing any helper already on \p Chain.
  /// The name a retargeted call used (an alias), for the report.
  std::map<const CallBase *, std::string> CalledAs;

  /// Makes a call through a helper alias a direct call; the helper it calls,
  /// if any.
  Function *helperCalledBy(CallBase &CB) {
    if (std::string Alias = callThroughAlias(CB, Linked); !Alias.empty())
      CalledAs[&CB] = Alias;
    return helperCallee(CB, Linked);
  }

  void visit(CallBase &CB, Function &Callee, SmallVectorImpl<Function *> &Chain) {
    Function &Caller = *CB.getCaller();
    CallSiteRecord Rec{Caller.getName().str(), Callee.getName().str(), false, ""};
    Rec.ExposedByInlining = !Chain.empty();
    if (auto It = CalledAs.find(&CB); It != CalledAs.end()) {
      Rec.Callee = It->second;
      CalledAs.erase(It);
    }
    auto Interposable = Linked.Interposable.find(Callee.getName().str());
    InlineDecision D;
    if (Interposable != Linked.Interposable.end() && !Interposable->second.Linked)
      D = decideInterposable(Interposable->second);
    else if (llvm::is_contained(Chain, &Callee))
      D = InlineDecision::refuse("recursive helper");
    else
      D = decideInline(CB, Callee, TM);
    if (D.ShouldInline && Interposable != Linked.Interposable.end())
      D.Reason = decideInterposable(Interposable->second).Reason +
                 (D.Reason.empty() ? "" : "; " + D.Reason);
    if (CB.getCalledFunction() != &Callee &&
        llvm::none_of(Summary.SignatureMismatches,
                      [&](const SignatureMismatch &S) { return S.Helper == Callee.getName(); }))
      Summary.SignatureMismatches.push_back(signatureMismatch(CB, Callee));
    if (!D.ShouldInline) {
      markNotInlined(CB, D.Reason);
      Rec.Reason = D.Reason;
      Summary.CallSites.push_back(std::move(Rec));
      return;
    }
    AttrsBefore.try_emplace(&Caller, fnAttributeStrings(Caller));
    CallBase *Site = &CB;
    if (CB.getCalledFunction() != &Callee) {
      std::string Adapted = signatureAdaptation(CB, Callee);
      Site = adaptCall(cast<CallInst>(CB), Callee);
      D.Reason = "the crate's declaration differs from the helper's: " + Adapted +
                 (D.Reason.empty() ? "" : "; " + D.Reason);
    }
    InlineFunctionInfo IFI;
    InlineResult R = InlineFunction(*Site, IFI);
    if (!R.isSuccess()) {
      Rec.Reason = std::string("LLVM could not inline it: ") + R.getFailureReason();
      markNotInlined(*Site, Rec.Reason);
      Summary.CallSites.push_back(std::move(Rec));
      return;
    }
    mergeHelperAttributes(Caller, Callee);
    Touched.insert(&Caller);
    Rec.Inlined = true;
    Rec.Reason = D.Reason.empty() ? "inlined" : "inlined; " + D.Reason;
    Summary.CallSites.push_back(std::move(Rec));

    // Without a call graph, InlineFunction lists new calls here only.
    SmallVector<WeakTrackingVH, 8> Exposed(IFI.InlinedCallSites.begin(),
                                           IFI.InlinedCallSites.end());
    Chain.push_back(&Callee);
    for (WeakTrackingVH &VH : Exposed) {
      auto *Inner = dyn_cast_or_null<CallBase>(VH);
      if (!Inner)
        continue;
      if (Function *Next = helperCalledBy(*Inner))
        visit(*Inner, *Next, Chain);
    }
    Chain.pop_back();
  }

  void finish() {
    for (Function *F : Touched) {
      Summary.Touched.push_back(F);
      AttributeChange Change = attributeChangeSince(*F, AttrsBefore[F]);
      if (!Change.Added.empty() || !Change.Removed.empty())
        Summary.AttributeChanges.push_back(std::move(Change));
    }
  }
};
} // namespace

/// Deletes helper definitions nothing refers to any more.
static void eraseDeadHelpers(Module &M, const LinkResult &Linked) {
  for (bool Changed = true; Changed;) {
    Changed = false;
    SmallVector<GlobalValue *, 16> Dead;
    for (GlobalValue &GV : M.global_values()) {
      if (!GV.hasName() || !Linked.FromHelpers.count(GV.getName()) || !GV.hasLocalLinkage())
        continue;
      GV.removeDeadConstantUsers();
      if (GV.use_empty())
        Dead.push_back(&GV);
    }
    for (GlobalValue *GV : Dead) {
      GV->eraseFromParent();
      Changed = true;
    }
  }
}

/// Gives each helper left out of line (its address taken, or a call
/// refused for another reason) the crate's target attributes where the
/// decision for a call from the crate accepts its own. A call that rustc's
/// optimizer later makes direct (a function pointer it resolves) can then
/// be inlined by LLVM, which otherwise refuses on the attribute strings
/// alone (RISC-V's +relax); the code is what inlining it would give.
static void retargetOutOfLineHelpers(Module &M, const LinkResult &Linked, const TargetMachine *TM,
                                     InlineSummary &Summary) {
  const Function *Rep = crateTargetRepresentative(
      M, [&](const Function &F) { return Linked.CrateFunctions.count(F.getName()); });
  if (!Rep)
    return;
  for (Function &H : M) {
    if (H.isDeclaration() || !H.hasLocalLinkage() || !Linked.FromHelpers.count(H.getName()))
      continue;
    InlineDecision D = decideTargetCompatibility(*Rep, H, TM);
    if (!D.ShouldInline || D.Reason.empty())
      continue;
    std::vector<std::string> Before = fnAttributeStrings(H);
    for (StringRef Kind : {"target-cpu", "target-features", "tune-cpu"}) {
      H.removeFnAttr(Kind);
      if (Rep->hasFnAttribute(Kind))
        H.addFnAttr(Rep->getFnAttribute(Kind));
    }
    AttributeChange Change = attributeChangeSince(H, Before);
    Change.Why = D.Reason;
    Summary.HelperTargetChanges.push_back(std::move(Change));
  }
}

InlineSummary inlineHelperCalls(Module &M, const LinkResult &Linked, const TargetMachine *TM,
                                InlineRound Round) {
  InlineSummary Summary;
  HelperInliner Inliner(Linked, TM, Summary);
  SmallPtrSet<const Function *, 32> Callers = functionsReferringToHelpers(M, Linked);
  for (Function &F : M) {
    if (!Callers.count(&F))
      continue;
    SmallVector<WeakTrackingVH, 16> Calls;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I);
          CB && Inliner.helperCalledBy(*CB) &&
          (Round == InlineRound::First || !CB->getMetadata(NotInlinedKind)))
        Calls.push_back(CB);
    for (WeakTrackingVH &VH : Calls) {
      auto *CB = dyn_cast_or_null<CallBase>(VH);
      if (!CB)
        continue;
      SmallVector<Function *, 4> Chain;
      Inliner.visit(*CB, *helperCallee(*CB, Linked), Chain);
    }
  }
  Inliner.finish();
  if (Round == InlineRound::AfterOptimizer) {
    eraseDeadHelpers(M, Linked);
    return Summary;
  }

  // Helpers referred to other than by a direct call stay out of line.
  for (Function &H : M) {
    if (!H.hasName() || !Linked.FromHelpers.count(H.getName()))
      continue;
    for (const Use &U : H.uses()) {
      const auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I || !Linked.CrateFunctions.count(I->getFunction()->getName()))
        continue;
      const auto *CB = dyn_cast<CallBase>(I);
      if (CB && CB->isCallee(&U))
        continue;
      Summary.CallSites.push_back({I->getFunction()->getName().str(), H.getName().str(), false,
                                   "address taken: not a direct call"});
    }
  }
  eraseDeadHelpers(M, Linked);
  retargetOutOfLineHelpers(M, Linked, TM, Summary);
  return Summary;
}

std::vector<CallSiteRecord> remainingHelperCalls(Module &M, const LinkResult &Linked) {
  std::vector<CallSiteRecord> Left;
  SmallPtrSet<const Function *, 32> Callers = functionsReferringToHelpers(M, Linked);
  for (Function &F : M) {
    if (!Callers.count(&F))
      continue;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *H = helperCallee(*CB, Linked); H && Linked.Roots.count(H->getName()))
          Left.push_back({F.getName().str(), H->getName().str(), false, notInlinedReason(*CB)});
  }
  return Left;
}

void forgetInlineDecisions(Module &M) {
  unsigned Kind = M.getContext().getMDKindID(NotInlinedKind);
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      I.setMetadata(Kind, nullptr);
}

} // namespace helperlink
