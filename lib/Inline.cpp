//===- Inline.cpp - Deciding and inlining helper calls --------------------===//

#include "helperlink/Inline.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/CodeGen/TargetSubtargetInfo.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/Constants.h"
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

std::vector<std::string> missingFeatures(const Function &Caller,
                                         const Function &Callee,
                                         const TargetMachine &TM) {
  std::vector<std::string> Missing;
  const TargetSubtargetInfo *CallerST = TM.getSubtargetImpl(Caller);
  const TargetSubtargetInfo *CalleeST = TM.getSubtargetImpl(Callee);
  if (!CallerST || !CalleeST)
    return Missing;
  const FeatureBitset &Have = CallerST->getFeatureBits();
  const FeatureBitset &Need = CalleeST->getFeatureBits();
  for (const SubtargetFeatureKV &KV : CalleeST->getAllProcessorFeatures())
    if (Need.test(KV.Value) && !Have.test(KV.Value))
      Missing.push_back(KV.Key);
  llvm::sort(Missing);
  return Missing;
}

static std::string attrValue(const Function &F, StringRef Kind) {
  return F.getFnAttribute(Kind).getValueAsString().str();
}

/// Names the first rule of AttributeFuncs::areInlineCompatible that fails.
static std::string incompatibleAttribute(const Function &Caller,
                                         const Function &Callee) {
  static const Attribute::AttrKind Kinds[] = {
      Attribute::SanitizeAddress,   Attribute::SanitizeThread,
      Attribute::SanitizeType,      Attribute::SanitizeMemory,
      Attribute::SanitizeHWAddress, Attribute::SanitizeMemTag,
      Attribute::SanitizeNumericalStability,
      Attribute::SanitizeRealtime,  Attribute::SanitizeRealtimeBlocking,
      Attribute::SafeStack,         Attribute::ShadowCallStack,
      Attribute::NoProfile,
      Attribute::StrictFP};
  for (Attribute::AttrKind K : Kinds)
    if (Caller.hasFnAttribute(K) != Callee.hasFnAttribute(K))
      return (Callee.hasFnAttribute(K) ? "helper has " : "caller has ") +
             Attribute::getNameFromAttrKind(K).str() + ", the other does not";
  for (StringRef S : {"use-sample-profile", "denormal-fp-math", "denormal-fp-math-f32",
                      "sign-return-address", "sign-return-address-key",
                      "branch-protection-pauth-lr"})
    if (attrValue(Caller, S) != attrValue(Callee, S))
      return ("\"" + S + "\" differs (caller '" + attrValue(Caller, S) +
              "', helper '" + attrValue(Callee, S) + "')")
          .str();
  return "attributes LLVM considers inline-incompatible";
}

static std::vector<std::string> noBuiltinsOnlyIn(const Function &Callee,
                                                 const Function &Caller) {
  std::vector<std::string> Extra;
  for (const Attribute &A : Callee.getAttributes().getFnAttrs()) {
    if (!A.isStringAttribute())
      continue;
    StringRef Kind = A.getKindAsString();
    if ((Kind == "no-builtins" || Kind.starts_with("no-builtin-")) &&
        !Caller.hasFnAttribute(Kind))
      Extra.push_back(Kind.str());
  }
  return Extra;
}

static std::string joinLimited(const std::vector<std::string> &Items,
                               size_t Limit) {
  std::string Out;
  for (size_t I = 0; I < Items.size() && I < Limit; ++I)
    Out += (I ? ",+" : "+") + Items[I];
  if (Items.size() > Limit)
    Out += " and " + std::to_string(Items.size() - Limit) + " more";
  return Out;
}

InlineDecision decideInline(CallBase &Call, Function &Callee,
                            const TargetMachine *TM) {
  Function &Caller = *Call.getCaller();
  if (Call.getCalledFunction() != &Callee)
    return InlineDecision::refuse(
        "call signature does not match the helper's definition");
  if (Callee.isDeclaration())
    return InlineDecision::refuse("helper has no body");
  if (Callee.isVarArg())
    return InlineDecision::refuse("helper takes variable arguments");
  if (&Callee == &Caller)
    return InlineDecision::refuse("recursive call");
  if (Call.isNoInline())
    return InlineDecision::refuse("call site is marked noinline");
  if (Callee.hasFnAttribute(Attribute::NoInline))
    return InlineDecision::refuse("helper is marked noinline");
  if (Caller.hasOptNone())
    return InlineDecision::refuse("caller is optnone");
  if (Callee.isPresplitCoroutine())
    return InlineDecision::refuse("helper is an unsplit coroutine");
  if (Callee.hasFnAttribute("loader-replaceable"))
    return InlineDecision::refuse("helper is loader-replaceable");
  unsigned AllocaAS = Callee.getDataLayout().getAllocaAddrSpace();
  for (unsigned I = 0, E = Call.arg_size(); I != E; ++I)
    if (Call.isByValArgument(I) &&
        Call.getArgOperand(I)->getType()->getPointerAddressSpace() != AllocaAS)
      return InlineDecision::refuse(
          "byval argument outside the alloca address space");
  InlineResult Viable = isInlineViable(Callee);
  if (!Viable.isSuccess())
    return InlineDecision::refuse(std::string("not inlinable: ") +
                                  Viable.getFailureReason());

  std::vector<std::string> Notes;
  bool SameTarget =
      attrValue(Caller, "target-cpu") == attrValue(Callee, "target-cpu") &&
      attrValue(Caller, "target-features") ==
          attrValue(Callee, "target-features") &&
      attrValue(Caller, "tune-cpu") == attrValue(Callee, "tune-cpu");
  if (!SameTarget) {
    if (!TM)
      return InlineDecision::refuse(
          "target attributes differ and no target is available to compare them");
    // The subtarget's feature bits, not the attribute strings, say what
    // each function's code may use.
    TargetTransformInfo TTI = TM->getTargetTransformInfo(Callee);
    if (!TTI.areInlineCompatible(&Caller, &Callee)) {
      std::vector<std::string> Missing = missingFeatures(Caller, Callee, *TM);
      if (!Missing.empty())
        return InlineDecision::refuse(
            "helper needs target features the caller lacks: " +
            joinLimited(Missing, 12));
      return InlineDecision::refuse(
          "target features are not inline-compatible (calls in the helper "
          "would change ABI in the caller)");
    }
    Notes.push_back("target features compatible by subtarget feature bits");
  }

  if (!AttributeFuncs::areInlineCompatible(Caller, Callee))
    return InlineDecision::refuse("incompatible attributes: " +
                                  incompatibleAttribute(Caller, Callee));

  if (!Caller.nullPointerIsDefined() && Callee.nullPointerIsDefined())
    Notes.push_back("null_pointer_is_valid merged into caller");
  // LLVM leaves a caller without a stack protector without one: the crate's
  // guard settings (a kernel's %gs canary, say) were never configured.
  if (Callee.hasStackProtectorFnAttr() && !Caller.hasStackProtectorFnAttr())
    Notes.push_back("helper's stack protector not applied: the caller has none "
                    "(LLVM's merge)");
  for (const std::string &NB : noBuiltinsOnlyIn(Callee, Caller))
    Notes.push_back(NB + " carried to caller");
  return InlineDecision::accept(join(Notes, "; "));
}

void mergeHelperAttributes(Function &Caller, const Function &Callee) {
  AttributeFuncs::mergeAttributesForInlining(Caller, Callee);
  // LLVM's merge drops these; without them a loop from the helper could be
  // turned into a call to a library function the target does not have.
  for (const std::string &NB : noBuiltinsOnlyIn(Callee, Caller))
    Caller.addFnAttr(NB);
}

static std::vector<std::string> fnAttributeStrings(const Function &F) {
  std::vector<std::string> Out;
  for (const Attribute &A : F.getAttributes().getFnAttrs())
    Out.push_back(A.getAsString());
  llvm::sort(Out);
  return Out;
}

static Function *helperCallee(const CallBase &CB, const LinkResult &Linked) {
  auto *F = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!F || !F->hasName() || !Linked.FromHelpers.count(F->getName()))
    return nullptr;
  return F;
}

namespace {
class HelperInliner {
  const LinkResult &Linked;
  const TargetMachine *TM;
  InlineSummary &Summary;
  std::map<Function *, std::vector<std::string>> AttrsBefore;
  SetVector<Function *> Touched;

public:
  HelperInliner(const LinkResult &Linked, const TargetMachine *TM,
                InlineSummary &Summary)
      : Linked(Linked), TM(TM), Summary(Summary) {}

  /// Decides \p CB; on success inlines it and follows the calls to helpers
  /// the inlined body brought, refusing any helper already on \p Chain.
  void visit(CallBase &CB, Function &Callee, SmallVectorImpl<Function *> &Chain) {
    Function &Caller = *CB.getCaller();
    CallSiteRecord Rec{Caller.getName().str(), Callee.getName().str(), false, ""};
    InlineDecision D = llvm::is_contained(Chain, &Callee)
                           ? InlineDecision::refuse("recursive helper")
                           : decideInline(CB, Callee, TM);
    if (!D.ShouldInline) {
      Rec.Reason = D.Reason;
      Summary.CallSites.push_back(std::move(Rec));
      return;
    }
    AttrsBefore.try_emplace(&Caller, fnAttributeStrings(Caller));
    InlineFunctionInfo IFI;
    InlineResult R = InlineFunction(CB, IFI);
    if (!R.isSuccess()) {
      Rec.Reason = std::string("LLVM could not inline it: ") + R.getFailureReason();
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
      if (Function *Next = helperCallee(*Inner, Linked))
        visit(*Inner, *Next, Chain);
    }
    Chain.pop_back();
  }

  void finish() {
    for (Function *F : Touched) {
      Summary.Touched.push_back(F);
      std::vector<std::string> Before = AttrsBefore[F];
      std::vector<std::string> After = fnAttributeStrings(*F);
      AttributeChange Change{F->getName().str(), {}, {}};
      std::set_difference(After.begin(), After.end(), Before.begin(),
                          Before.end(), std::back_inserter(Change.Added));
      std::set_difference(Before.begin(), Before.end(), After.begin(),
                          After.end(), std::back_inserter(Change.Removed));
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
      if (!GV.hasName() || !Linked.FromHelpers.count(GV.getName()) ||
          !GV.hasLocalLinkage())
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

InlineSummary inlineHelperCalls(Module &M, const LinkResult &Linked,
                                const TargetMachine *TM) {
  InlineSummary Summary;
  HelperInliner Inliner(Linked, TM, Summary);
  for (Function &F : M) {
    if (F.isDeclaration() || !Linked.CrateFunctions.count(F.getName()))
      continue;
    SmallVector<WeakTrackingVH, 16> Calls;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I); CB && helperCallee(*CB, Linked))
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
      Summary.CallSites.push_back({I->getFunction()->getName().str(),
                                   H.getName().str(), false,
                                   "address taken: not a direct call"});
    }
  }
  eraseDeadHelpers(M, Linked);
  return Summary;
}

std::vector<CallSiteRecord> remainingHelperCalls(Module &M,
                                                 const LinkResult &Linked) {
  std::vector<CallSiteRecord> Left;
  for (Function &F : M) {
    if (F.isDeclaration() || !Linked.CrateFunctions.count(F.getName()))
      continue;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *H = helperCallee(*CB, Linked);
            H && Linked.Roots.count(H->getName()))
          Left.push_back({F.getName().str(), H->getName().str(), false, ""});
  }
  return Left;
}

} // namespace helperlink
