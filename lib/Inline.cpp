//===- Inline.cpp - Deciding and inlining helper calls --------------------===//

#include "helperlink/Inline.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/CodeGen/TargetSubtargetInfo.h"
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

static std::string joinLimited(const std::vector<std::string> &Items,
                               size_t Limit) {
  std::string Out;
  for (size_t I = 0; I < Items.size() && I < Limit; ++I)
    Out += (I ? ",+" : "+") + Items[I];
  if (Items.size() > Limit)
    Out += " and " + std::to_string(Items.size() - Limit) + " more";
  return Out;
}

/// When every feature in \p Missing is one the caller's code has anyway,
/// why: part of the architecture's baseline (every x86-64 CPU has cmov, cx8,
/// mmx, fxsr and nopl; LLVM's "generic" x86-64, which a target without a CPU
/// gets, lists none but cx8), or a choice of how code is lowered that does
/// not change what it does (RISC-V's linker relaxation; AArch64's outline
/// atomics, which clang turns on where it finds a GCC runtime). Nothing when
/// one is neither, or the caller turns it off itself.
static std::optional<std::string> impliedByArchitecture(const Function &Caller,
                                                        const std::vector<std::string> &Missing) {
  const Triple &TT = Caller.getParent()->getTargetTriple();
  ArrayRef<StringRef> Baseline, LoweringOnly;
  static const StringRef X86_64[] = {"cmov", "cx8", "fxsr", "mmx", "nopl"};
  static const StringRef RISCV[] = {"relax"};
  static const StringRef AArch64[] = {"outline-atomics"};
  if (TT.getArch() == Triple::x86_64)
    Baseline = X86_64;
  else if (TT.isRISCV())
    LoweringOnly = RISCV;
  else if (TT.isAArch64())
    LoweringOnly = AArch64;
  SmallVector<StringRef, 16> CallerFeatures;
  Caller.getFnAttribute("target-features").getValueAsString().split(CallerFeatures, ',');
  std::vector<std::string> Guaranteed, Lowering;
  for (const std::string &F : Missing) {
    if (is_contained(CallerFeatures, "-" + F))
      return std::nullopt;
    if (is_contained(Baseline, F))
      Guaranteed.push_back(F);
    else if (is_contained(LoweringOnly, F))
      Lowering.push_back(F);
    else
      return std::nullopt;
  }
  std::vector<std::string> Why;
  if (!Guaranteed.empty())
    Why.push_back("the caller's architecture guarantees the helper's " +
                  joinLimited(Guaranteed, 12));
  if (!Lowering.empty())
    Why.push_back("the helper's " + joinLimited(Lowering, 12) +
                  " changes how its code is lowered, not what it does");
  if (Why.empty())
    return std::nullopt;
  return join(Why, "; ");
}

static std::string attrValue(const Function &F, StringRef Kind) {
  return F.getFnAttribute(Kind).getValueAsString().str();
}

/// The compiler options that set \p K, for messages.
static StringRef optionsSetting(Attribute::AttrKind K) {
  switch (K) {
  case Attribute::SanitizeAddress:
    return "-fsanitize=address or kernel-address";
  case Attribute::SanitizeThread:
    return "-fsanitize=thread";
  case Attribute::SanitizeMemory:
    return "-fsanitize=memory or kernel-memory";
  case Attribute::SanitizeHWAddress:
    return "-fsanitize=hwaddress or kernel-hwaddress";
  case Attribute::SanitizeMemTag:
    return "-fsanitize=memtag";
  case Attribute::SanitizeType:
    return "-fsanitize=type";
  case Attribute::SanitizeNumericalStability:
    return "-fsanitize=numerical";
  case Attribute::SanitizeRealtime:
  case Attribute::SanitizeRealtimeBlocking:
    return "-fsanitize=realtime";
  case Attribute::SafeStack:
    return "-fsanitize=safe-stack";
  case Attribute::ShadowCallStack:
    return "-fsanitize=shadow-call-stack";
  case Attribute::NoProfile:
    return "no_profile_instrument_function";
  case Attribute::StrictFP:
    return "strict floating point";
  default:
    return "";
  }
}

/// Names the first rule of AttributeFuncs::areInlineCompatible that fails,
/// with the option behind it: LLVM will not inline across it, nor would
/// clang within one C file.
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
             Attribute::getNameFromAttrKind(K).str() + " (" +
             optionsSetting(K).str() + "), the other does not";
  for (StringRef S : {"use-sample-profile", "denormal-fp-math", "denormal-fp-math-f32",
                      "sign-return-address", "sign-return-address-key",
                      "branch-protection-pauth-lr"}) {
    if (attrValue(Caller, S) == attrValue(Callee, S))
      continue;
    auto Shown = [&](const Function &F) {
      std::string V = attrValue(F, S);
      return V.empty() ? std::string("none") : "'" + V + "'";
    };
    std::string Why = ("\"" + S + "\" differs (caller " + Shown(Caller) +
                       ", helper " + Shown(Callee) + ")")
                          .str();
    if (S.starts_with("sign-return-address") || S == "branch-protection-pauth-lr")
      Why += ": return-address signing (-mbranch-protection, "
             "-Zbranch-protection=pac-ret) must agree";
    return Why;
  }
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

/// What inlining does to the helper's per-function mitigations and tracing
/// that LLVM neither refuses nor merges: what clang does when it inlines the
/// same C within one file, said rather than left silent.
static std::vector<std::string> instrumentationNotes(const Function &Caller,
                                                     const Function &Callee) {
  std::vector<std::string> Notes;
  auto HelperOnly = [&](StringRef Kind) {
    return Callee.hasFnAttribute(Kind) &&
           (!Caller.hasFnAttribute(Kind) ||
            attrValue(Caller, Kind) != attrValue(Callee, Kind));
  };
  // LLVM's merge gives the caller the helper's stack probing.
  if (Callee.hasFnAttribute("probe-stack") && !Caller.hasFnAttribute("probe-stack"))
    Notes.push_back("probe-stack=" + attrValue(Callee, "probe-stack") +
                    " merged into caller (stack clash protection)");
  if (HelperOnly("zero-call-used-regs"))
    Notes.push_back("helper's zero-call-used-regs=" +
                    attrValue(Callee, "zero-call-used-regs") +
                    " not applied: the inlined code returns through the caller, "
                    "whose setting applies");
  for (StringRef Kind : {"patchable-function-entry", "patchable-function-prefix"})
    if (HelperOnly(Kind))
      Notes.push_back("helper's " + Kind.str() + "=" + attrValue(Callee, Kind) +
                      " not applied: inlined code has no entry of its own to "
                      "patch (ftrace)");
  if (HelperOnly("fentry-call"))
    Notes.push_back("helper's __fentry__ call not applied: inlined code has no "
                    "entry of its own (ftrace)");
  if (HelperOnly("instrument-function-entry-inlined"))
    Notes.push_back("helper's " + attrValue(Callee, "instrument-function-entry-inlined") +
                    " call not applied: inlined code has no entry of its own");
  for (StringRef Kind : {"branch-target-enforcement", "guarded-control-stack"})
    if (HelperOnly(Kind))
      Notes.push_back("helper's " + Kind.str() +
                      " not applied: the caller's own setting governs its code");
  return Notes;
}

/// A C-ish spelling of \p T; LLVM's own where C has none.
static std::string cTypeName(Type *T) {
  if (T->isVoidTy())
    return "void";
  if (T->isPointerTy())
    return "void *";
  if (T->isFloatTy())
    return "float";
  if (T->isDoubleTy())
    return "double";
  if (T->isX86_FP80Ty())
    return "long double";
  if (auto *IT = dyn_cast<IntegerType>(T)) {
    switch (IT->getBitWidth()) {
    case 1: return "bool";
    case 8: return "char";
    case 16: return "short";
    case 32: return "int";
    case 64: return "int64_t";
    case 128: return "__int128";
    }
  }
  std::string S;
  raw_string_ostream OS(S);
  T->print(OS);
  return S;
}

std::string cSignature(const FunctionType &FT) {
  std::string S = cTypeName(FT.getReturnType()) + " (";
  for (unsigned I = 0; I < FT.getNumParams(); ++I)
    S += (I ? ", " : "") + cTypeName(FT.getParamType(I));
  if (FT.isVarArg())
    S += FT.getNumParams() ? ", ..." : "...";
  else if (!FT.getNumParams())
    S += "void";
  return S + ")";
}

std::string llvmSignature(const FunctionType &FT) {
  std::string S;
  raw_string_ostream OS(S);
  FT.print(OS);
  return S;
}

static std::string intTypeName(const Type *T) {
  return "i" + std::to_string(T->getIntegerBitWidth());
}

/// How a helper's integer result widens for a crate that reads more bits:
/// as its return attribute says, else with zeros (the ABI leaves them open).
static bool resultSignExtends(const Function &Callee) {
  return Callee.hasRetAttribute(Attribute::SExt);
}

std::string signatureAdaptation(const CallBase &Call, const Function &Callee) {
  const FunctionType &Declared = *Call.getFunctionType();
  const FunctionType &Defined = *Callee.getFunctionType();
  if (&Declared == &Defined || Declared.isVarArg() || Defined.isVarArg() ||
      Declared.getNumParams() != Defined.getNumParams() || !isa<CallInst>(Call) ||
      cast<CallInst>(Call).isMustTailCall()) // A converted result is not the call's.
    return "";
  std::vector<std::string> Steps;
  for (unsigned I = 0, E = Declared.getNumParams(); I != E; ++I) {
    Type *Passed = Declared.getParamType(I), *Taken = Defined.getParamType(I);
    if (Passed == Taken)
      continue;
    if (!Passed->isIntegerTy() || !Taken->isIntegerTy() ||
        Passed->getIntegerBitWidth() < Taken->getIntegerBitWidth())
      return "";
    Steps.push_back("argument " + std::to_string(I + 1) + " truncated to " +
                    intTypeName(Taken));
  }
  Type *Read = Declared.getReturnType(), *Returned = Defined.getReturnType();
  if (Read != Returned) {
    if (Read->isVoidTy()) {
      Steps.push_back("the result dropped (the crate declares void)");
    } else {
      if (!Read->isIntegerTy() || !Returned->isIntegerTy() ||
          Read->getIntegerBitWidth() < Returned->getIntegerBitWidth())
        return "";
      const char *How = resultSignExtends(Callee)                 ? "sign-extended (signext)"
                        : Callee.hasRetAttribute(Attribute::ZExt) ? "zero-extended (zeroext)"
                                                                  : "zero-extended";
      Steps.push_back(std::string("the result ") + How + " to " + intTypeName(Read));
    }
  }
  return Steps.empty() ? "" : join(Steps, ", ");
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

InlineDecision decideTargetCompatibility(const Function &Caller, const Function &Callee,
                                        const TargetMachine *TM) {
  if (attrValue(Caller, "target-cpu") == attrValue(Callee, "target-cpu") &&
      attrValue(Caller, "target-features") == attrValue(Callee, "target-features") &&
      attrValue(Caller, "tune-cpu") == attrValue(Callee, "tune-cpu"))
    return InlineDecision::accept();
  if (!TM)
    return InlineDecision::refuse(
        "target attributes differ and no target is available to compare them");
  // The subtarget's feature bits, not the attribute strings, say what each
  // function's code may use.
  TargetTransformInfo TTI = TM->getTargetTransformInfo(Callee);
  if (TTI.areInlineCompatible(&Caller, &Callee))
    return InlineDecision::accept("target features compatible by subtarget feature bits");
  std::vector<std::string> Missing = missingFeatures(Caller, Callee, *TM);
  if (Missing.empty())
    return InlineDecision::refuse("target features are not inline-compatible (calls in the "
                                  "helper would change ABI in the caller)");
  std::optional<std::string> Implied = impliedByArchitecture(Caller, Missing);
  if (!Implied)
    return InlineDecision::refuse("helper needs target features the caller lacks: " +
                                  joinLimited(Missing, 12));
  return InlineDecision::accept(*Implied);
}

InlineDecision decideInline(CallBase &Call, Function &Callee,
                            const TargetMachine *TM) {
  Function &Caller = *Call.getCaller();
  if (Call.getCalledFunction() != &Callee && signatureAdaptation(Call, Callee).empty())
    return InlineDecision::refuse(
        "the crate declares it as '" + cSignature(*Call.getFunctionType()) +
        "' (LLVM '" + llvmSignature(*Call.getFunctionType()) +
        "') but the helper defines '" + cSignature(*Callee.getFunctionType()) +
        "' (LLVM '" + llvmSignature(*Callee.getFunctionType()) + "')");
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
  InlineDecision Target = decideTargetCompatibility(Caller, Callee, TM);
  if (!Target.ShouldInline)
    return Target;
  if (!Target.Reason.empty())
    Notes.push_back(Target.Reason);

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
  for (std::string &N : instrumentationNotes(Caller, Callee))
    Notes.push_back(std::move(N));
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

/// A call through a helper file's alias (not interposable: those were left
/// external) calls the aliased function: make it a direct call to it, so
/// that it is decided like any other.
/// Returns the alias's name when it did.
static std::string callThroughAlias(CallBase &CB, const LinkResult &Linked) {
  auto *GA = dyn_cast<GlobalAlias>(CB.getCalledOperand()->stripPointerCasts());
  if (!GA || !GA->hasName() || !Linked.FromHelpers.count(GA->getName()) ||
      GA->isInterposable())
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

/// Why a call to an interposable helper is or is not inlined.
static InlineDecision interposableDecision(const InterposableDefinition &D) {
  if (!D.Linked) {
    std::string Why = D.Kind + " in " + D.File;
    if (StringRef(D.Kind).starts_with("ifunc"))
      return InlineDecision::refuse(Why + ": the call stays external");
    return InlineDecision::refuse(
        Why + ": another definition may replace it at link time, so the call "
              "stays external (--allow-interposable inlines it)");
  }
  return InlineDecision::accept(D.Kind + " in " + D.File +
                                ", allowed by --allow-interposable");
}

std::string SignatureMismatch::message() const {
  return "helper '" + Helper + "': the crate declares '" + CrateC + "' (LLVM '" + CrateLLVM +
         "') but the helper defines '" + HelperC + "' (LLVM '" + HelperLLVM + "'): " +
         (Adapted.empty() ? "not inlined, and the call passes what the crate declares"
                          : "inlining converts it: " + Adapted +
                                ", as the call's ABI allows; correct the declaration");
}

static SignatureMismatch signatureMismatch(const CallBase &CB,
                                           const Function &Callee) {
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
  HelperInliner(const LinkResult &Linked, const TargetMachine *TM,
                InlineSummary &Summary)
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
      D = interposableDecision(Interposable->second);
    else if (llvm::is_contained(Chain, &Callee))
      D = InlineDecision::refuse("recursive helper");
    else
      D = decideInline(CB, Callee, TM);
    if (D.ShouldInline && Interposable != Linked.Interposable.end())
      D.Reason = interposableDecision(Interposable->second).Reason +
                 (D.Reason.empty() ? "" : "; " + D.Reason);
    if (CB.getCalledFunction() != &Callee &&
        llvm::none_of(Summary.SignatureMismatches, [&](const SignatureMismatch &S) {
          return S.Helper == Callee.getName();
        }))
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
      std::vector<std::string> Before = AttrsBefore[F];
      std::vector<std::string> After = fnAttributeStrings(*F);
      AttributeChange Change{F->getName().str(), {}, {}, {}};
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

/// The target attributes most of the crate's functions share: rustc gives
/// every function the crate's, and adds to them only for #[target_feature].
static const Function *crateTargetRepresentative(const Module &M, const LinkResult &Linked) {
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<unsigned, const Function *>>
      Count;
  for (const Function &F : M)
    if (!F.isDeclaration() && Linked.CrateFunctions.count(F.getName())) {
      auto &[N, First] = Count[{attrValue(F, "target-cpu"), attrValue(F, "target-features"),
                                attrValue(F, "tune-cpu")}];
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

/// Gives each helper left out of line (its address taken, or a call
/// refused for another reason) the crate's target attributes where the
/// decision for a call from the crate accepts its own. A call that rustc's
/// optimizer later makes direct (a function pointer it resolves) can then
/// be inlined by LLVM, which otherwise refuses on the attribute strings
/// alone (RISC-V's +relax); the code is what inlining it would give.
static void retargetOutOfLineHelpers(Module &M, const LinkResult &Linked,
                                     const TargetMachine *TM, InlineSummary &Summary) {
  const Function *Rep = crateTargetRepresentative(M, Linked);
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
    AttributeChange Change{H.getName().str(), {}, {}, {}};
    std::vector<std::string> After = fnAttributeStrings(H);
    std::set_difference(After.begin(), After.end(), Before.begin(), Before.end(),
                        std::back_inserter(Change.Added));
    std::set_difference(Before.begin(), Before.end(), After.begin(), After.end(),
                        std::back_inserter(Change.Removed));
    Change.Why = D.Reason;
    Summary.HelperTargetChanges.push_back(std::move(Change));
  }
}

InlineSummary inlineHelperCalls(Module &M, const LinkResult &Linked,
                                const TargetMachine *TM, InlineRound Round) {
  InlineSummary Summary;
  HelperInliner Inliner(Linked, TM, Summary);
  for (Function &F : M) {
    if (F.isDeclaration() || !Linked.CrateFunctions.count(F.getName()))
      continue;
    SmallVector<WeakTrackingVH, 16> Calls;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I); CB && Inliner.helperCalledBy(*CB) &&
                                             (Round == InlineRound::First ||
                                              !CB->getMetadata(NotInlinedKind)))
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
      Summary.CallSites.push_back({I->getFunction()->getName().str(), H.getName().str(),
                                   false, "address taken: not a direct call"});
    }
  }
  eraseDeadHelpers(M, Linked);
  retargetOutOfLineHelpers(M, Linked, TM, Summary);
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
          Left.push_back({F.getName().str(), H->getName().str(), false,
                          notInlinedReason(*CB)});
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
