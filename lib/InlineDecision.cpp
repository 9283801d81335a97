//===- InlineDecision.cpp - Whether a helper call may be inlined ---------===//
//
// The policy: what is refused and why, what is accepted with which note,
// and what the caller takes over from the helper. Inline.cpp applies it.
//
//===----------------------------------------------------------------------===//

#include "helperlink/InlineDecision.h"

#include "helperlink/Link.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/CodeGen/TargetSubtargetInfo.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <optional>

using namespace llvm;

namespace helperlink {

std::vector<std::string> missingFeatures(const Function &Caller, const Function &Callee,
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

static std::string joinLimited(const std::vector<std::string> &Items, size_t Limit) {
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
static std::string incompatibleAttribute(const Function &Caller, const Function &Callee) {
  static const Attribute::AttrKind Kinds[] = {Attribute::SanitizeAddress,
                                              Attribute::SanitizeThread,
                                              Attribute::SanitizeType,
                                              Attribute::SanitizeMemory,
                                              Attribute::SanitizeHWAddress,
                                              Attribute::SanitizeMemTag,
                                              Attribute::SanitizeNumericalStability,
                                              Attribute::SanitizeRealtime,
                                              Attribute::SanitizeRealtimeBlocking,
                                              Attribute::SafeStack,
                                              Attribute::ShadowCallStack,
                                              Attribute::NoProfile,
                                              Attribute::StrictFP};
  for (Attribute::AttrKind K : Kinds)
    if (Caller.hasFnAttribute(K) != Callee.hasFnAttribute(K))
      return (Callee.hasFnAttribute(K) ? "helper has " : "caller has ") +
             Attribute::getNameFromAttrKind(K).str() + " (" + optionsSetting(K).str() +
             "), the other does not";
  for (StringRef S :
       {"use-sample-profile", "denormal-fp-math", "denormal-fp-math-f32", "sign-return-address",
        "sign-return-address-key", "branch-protection-pauth-lr"}) {
    if (attrValue(Caller, S) == attrValue(Callee, S))
      continue;
    auto Shown = [&](const Function &F) {
      std::string V = attrValue(F, S);
      return V.empty() ? std::string("none") : "'" + V + "'";
    };
    std::string Why =
        ("\"" + S + "\" differs (caller " + Shown(Caller) + ", helper " + Shown(Callee) + ")")
            .str();
    if (S.starts_with("sign-return-address") || S == "branch-protection-pauth-lr")
      Why += ": return-address signing (-mbranch-protection, "
             "-Zbranch-protection=pac-ret) must agree";
    return Why;
  }
  return "attributes LLVM considers inline-incompatible";
}

static std::vector<std::string> noBuiltinsOnlyIn(const Function &Callee, const Function &Caller) {
  std::vector<std::string> Extra;
  for (const Attribute &A : Callee.getAttributes().getFnAttrs()) {
    if (!A.isStringAttribute())
      continue;
    StringRef Kind = A.getKindAsString();
    if ((Kind == "no-builtins" || Kind.starts_with("no-builtin-")) && !Caller.hasFnAttribute(Kind))
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
           (!Caller.hasFnAttribute(Kind) || attrValue(Caller, Kind) != attrValue(Callee, Kind));
  };
  // LLVM's merge gives the caller the helper's stack probing.
  if (Callee.hasFnAttribute("probe-stack") && !Caller.hasFnAttribute("probe-stack"))
    Notes.push_back("probe-stack=" + attrValue(Callee, "probe-stack") +
                    " merged into caller (stack clash protection)");
  if (HelperOnly("zero-call-used-regs"))
    Notes.push_back("helper's zero-call-used-regs=" + attrValue(Callee, "zero-call-used-regs") +
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
    case 1:
      return "bool";
    case 8:
      return "char";
    case 16:
      return "short";
    case 32:
      return "int";
    case 64:
      return "int64_t";
    case 128:
      return "__int128";
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

bool resultSignExtends(const Function &Callee) { return Callee.hasRetAttribute(Attribute::SExt); }

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
    Steps.push_back("argument " + std::to_string(I + 1) + " truncated to " + intTypeName(Taken));
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

InlineDecision decideInline(CallBase &Call, Function &Callee, const TargetMachine *TM) {
  Function &Caller = *Call.getCaller();
  if (Call.getCalledFunction() != &Callee && signatureAdaptation(Call, Callee).empty())
    return InlineDecision::refuse(
        "the crate declares it as '" + cSignature(*Call.getFunctionType()) + "' (LLVM '" +
        llvmSignature(*Call.getFunctionType()) + "') but the helper defines '" +
        cSignature(*Callee.getFunctionType()) + "' (LLVM '" +
        llvmSignature(*Callee.getFunctionType()) + "')");
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
      return InlineDecision::refuse("byval argument outside the alloca address space");
  InlineResult Viable = isInlineViable(Callee);
  if (!Viable.isSuccess())
    return InlineDecision::refuse(std::string("not inlinable: ") + Viable.getFailureReason());

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

InlineDecision decideInterposable(const InterposableDefinition &D) {
  if (!D.Linked) {
    std::string Why = D.Kind + " in " + D.File;
    if (StringRef(D.Kind).starts_with("ifunc"))
      return InlineDecision::refuse(Why + ": the call stays external");
    return InlineDecision::refuse(Why +
                                  ": another definition may replace it at link time, so the call "
                                  "stays external (--allow-interposable inlines it)");
  }
  return InlineDecision::accept(D.Kind + " in " + D.File + ", allowed by --allow-interposable");
}

std::string SignatureMismatch::message() const {
  return "helper '" + Helper + "': the crate declares '" + CrateC + "' (LLVM '" + CrateLLVM +
         "') but the helper defines '" + HelperC + "' (LLVM '" + HelperLLVM + "'): " +
         (Adapted.empty() ? "not inlined, and the call passes what the crate declares"
                          : "inlining converts it: " + Adapted +
                                ", as the call's ABI allows; correct the declaration");
}

} // namespace helperlink
