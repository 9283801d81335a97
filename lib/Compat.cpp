//===- Compat.cpp - Checks before linking ---------------------------------===//

#include "helperlink/Compat.h"

#include "helperlink/Diagnostics.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

using namespace llvm;

namespace helperlink {

TripleMatch classifyTriples(const Triple &Crate, const Triple &Helper) {
  if (Crate == Helper)
    return TripleMatch::Identical;
  if (Crate.getArch() != Helper.getArch() || Crate.getSubArch() != Helper.getSubArch() ||
      Crate.getArch() == Triple::UnknownArch)
    return TripleMatch::Incompatible;
  return TripleMatch::SameArchitecture;
}

FlagPolicy classifyModuleFlag(StringRef Key) {
  return StringSwitch<FlagPolicy>(Key)
      // Values that change the calling convention or the meaning of data:
      // code built under one value cannot be moved under another.
      .Cases({"wchar_size", "target-abi", "min_enum_size", "NumRegisterParameters",
              // Where the type hash sits and how the check reads it: every
              // kCFI check in the object is lowered with the crate's.
              "kcfi-offset", "kcfi-arity"},
             FlagPolicy::MustMatch)
      .Cases({"Debug Info Version", "Dwarf Version", "CodeView", "CodeViewGHash",
              "debug-info-assignment-tracking", "llvm.embedded.object", "ProfileSummary"},
             FlagPolicy::Informational)
      // Everything else configures codegen for the whole module (stack
      // alignment, return thunks, PIC level, code model, cf-protection, ...):
      // the crate's own setting applies to all code in its object.
      .Default(FlagPolicy::KeepCrate);
}

/// Absent MustMatch flags with a defined meaning; absence of the others
/// says nothing, so only present values are compared.
static std::optional<std::string> defaultWhenAbsent(StringRef Key) {
  if (Key == "NumRegisterParameters" || Key == "kcfi-offset" || Key == "kcfi-arity")
    return std::string("0");
  return std::nullopt;
}

/// kCFI is a setting of the whole object: the backend lowers every call's
/// "kcfi" check, and emits every function's type hash, only in a module with
/// the "kcfi" flag, and the object keeps the crate's flags. Inlined or kept
/// out of line, a helper's checks would vanish in a crate without it; so a
/// difference is one error for the run, not a refusal per call.
static Error checkKCFI(const Module &Crate, const InputFile &Helper) {
  auto On = [](const Module &M) {
    auto *V = mdconst::dyn_extract_or_null<ConstantInt>(M.getModuleFlag("kcfi"));
    return V && !V->isZero();
  };
  bool CrateHas = On(Crate), HelperHas = On(*Helper.M);
  if (HelperHas && !CrateHas)
    return fileError(Helper.Path, "built with kCFI (module flag 'kcfi') but the crate is not: "
                                  "the helpers' indirect calls would lose their kCFI checks in "
                                  "the crate's object; build the crate with -Zsanitizer=kcfi, "
                                  "or the helpers without -fsanitize=kcfi");
  if (CrateHas && !HelperHas)
    return fileError(Helper.Path, "built without kCFI (module flag 'kcfi') but the crate is: "
                                  "the helpers' indirect calls would run unchecked inside "
                                  "kCFI-checked code, and their functions would lack the type "
                                  "hashes checked calls expect; build the helpers with "
                                  "-fsanitize=kcfi");
  return Error::success();
}

/// Bounds on a module flag value's text, far beyond any real flag's (a
/// RISC-V riscv-isa tuple is a few hundred characters, one level deep).
static constexpr unsigned MaxFlagTupleDepth = 64;
static constexpr size_t MaxFlagText = 16384;

/// Appends \p MD's text to \p Text. \p Open holds the tuples being written.
static void appendFlagValueText(const Metadata *MD, std::string &Text,
                                SmallPtrSetImpl<const MDTuple *> &Open) {
  if (Text.size() > MaxFlagText)
    return;
  if (const auto *CAM = dyn_cast_or_null<ConstantAsMetadata>(MD)) {
    if (const auto *CI = dyn_cast<ConstantInt>(CAM->getValue())) {
      Text += std::to_string(CI->getSExtValue());
      return;
    }
  }
  if (const auto *S = dyn_cast_or_null<MDString>(MD)) {
    Text += S->getString();
    return;
  }
  // A tuple (RISC-V's riscv-isa) by its contents: Metadata::print would
  // start with the node's address, different in every run. A malformed
  // file's tuple can hold itself, or nest without end (found by fuzzing:
  // the recursion overflowed the stack): it is cut short there.
  if (const auto *N = dyn_cast_or_null<MDTuple>(MD)) {
    if (Open.size() == MaxFlagTupleDepth || !Open.insert(N).second) {
      Text += "{...}";
      return;
    }
    Text += "{";
    for (unsigned I = 0, E = N->getNumOperands(); I != E && Text.size() <= MaxFlagText; ++I) {
      if (I)
        Text += ", ";
      appendFlagValueText(N->getOperand(I), Text, Open);
    }
    Text += "}";
    Open.erase(N);
    return;
  }
  raw_string_ostream OS(Text);
  if (MD)
    MD->print(OS);
}

static std::string flagValueText(const Metadata *MD) {
  std::string Text;
  SmallPtrSet<const MDTuple *, 8> Open;
  appendFlagValueText(MD, Text, Open);
  if (Text.size() > MaxFlagText) {
    Text.resize(MaxFlagText);
    Text += "...";
  }
  return Text;
}

static StringMap<std::string> moduleFlags(const Module &M) {
  StringMap<std::string> Flags;
  SmallVector<Module::ModuleFlagEntry, 16> Entries;
  M.getModuleFlagsMetadata(Entries);
  for (const Module::ModuleFlagEntry &E : Entries)
    Flags[E.Key->getString()] = flagValueText(E.Val);
  return Flags;
}

static void compareModuleFlags(const Module &Crate, const InputFile &Helper,
                               std::vector<ModuleFlagDifference> &Out) {
  StringMap<std::string> CrateFlags = moduleFlags(Crate);
  StringMap<std::string> HelperFlags = moduleFlags(*Helper.M);
  std::vector<std::string> Keys;
  for (const auto &KV : CrateFlags)
    Keys.push_back(KV.getKey().str());
  for (const auto &KV : HelperFlags)
    if (!CrateFlags.count(KV.getKey()))
      Keys.push_back(KV.getKey().str());
  llvm::sort(Keys);
  for (const std::string &Key : Keys) {
    auto C = CrateFlags.find(Key);
    auto H = HelperFlags.find(Key);
    std::optional<std::string> CV, HV;
    if (C != CrateFlags.end())
      CV = C->second;
    if (H != HelperFlags.end())
      HV = H->second;
    if (CV == HV || !HV)
      continue; // crate-only flags are the crate's business
    Out.push_back({Key, Helper.Path, CV, HV, classifyModuleFlag(Key)});
  }
}

static Error checkMustMatch(const InputFile &Helper,
                            const std::vector<ModuleFlagDifference> &Diffs) {
  for (const ModuleFlagDifference &D : Diffs) {
    if (D.Policy != FlagPolicy::MustMatch || D.HelperFile != Helper.Path)
      continue;
    std::optional<std::string> CV = D.CrateValue;
    if (!CV)
      CV = defaultWhenAbsent(D.Flag);
    if (!CV)
      continue;
    if (*CV != *D.HelperValue)
      return fileError(Helper.Path, "module flag '" + D.Flag + "' is " + *D.HelperValue +
                                        " but the crate's is " + *CV +
                                        "; code built with one cannot be "
                                        "inlined into code built with the "
                                        "other");
  }
  return Error::success();
}

/// Definitions a second one would clash with at link time: external, not
/// weak, linkonce or common (a sanitizer's weak bookkeeping globals are in
/// every instrumented module), nor appending arrays the linker concatenates.
static bool isStrongDefinition(const GlobalValue &GV) {
  return !GV.isDeclaration() && GV.hasExternalLinkage() && GV.hasName();
}

Expected<CompatFindings> checkCompatibility(const Module &CM, StringRef CrateName,
                                            ArrayRef<InputFile> Helpers) {
  CompatFindings Findings;
  StringMap<std::string> DefinedBy; // symbol -> file defining it
  for (const GlobalValue &GV : CM.global_values())
    if (isStrongDefinition(GV))
      DefinedBy[GV.getName()] = CrateName.str();

  for (const InputFile &H : Helpers) {
    Module &HM = *H.M;
    const Triple &CT = CM.getTargetTriple();
    const Triple &HT = HM.getTargetTriple();
    switch (classifyTriples(CT, HT)) {
    case TripleMatch::Identical:
      break;
    case TripleMatch::SameArchitecture:
      Findings.TripleNotes.push_back({H.Path, CT.str(), HT.str()});
      break;
    case TripleMatch::Incompatible:
      return fileError(H.Path, "targets '" + HT.str() + "' but the crate targets '" + CT.str() +
                                   "': the architectures differ");
    }

    StringRef CDL = CM.getDataLayoutStr(), HDL = HM.getDataLayoutStr();
    if (!HDL.empty() && !CDL.empty() && CDL != HDL)
      return fileError(H.Path,
                       "data layout '" + HDL + "' is incompatible with the crate's '" + CDL + "'");

    for (const GlobalValue &GV : HM.global_values()) {
      if (!isStrongDefinition(GV))
        continue;
      auto [It, Inserted] = DefinedBy.try_emplace(GV.getName(), H.Path);
      if (!Inserted)
        return fileError(H.Path, "symbol '" + GV.getName() + "' is also defined by " + It->second);
    }

    // Guarded: the flags are unverified (lazily read), and a malformed one
    // crashes LLVM's getter.
    if (Error E = guardedParse(H.Path, [&]() -> Error {
          if (Error E = HM.materializeMetadata())
            return fileError(H.Path, "invalid or truncated bitcode: " + toString(std::move(E)));
          compareModuleFlags(CM, H, Findings.FlagDifferences);
          return checkKCFI(CM, H);
        }))
      return E;
    if (Error E = checkMustMatch(H, Findings.FlagDifferences))
      return E;
  }
  return Findings;
}

Error checkFunctionTargets(const Module &M, StringRef Path, const Target &T, const Triple &TT) {
  // Subtargets are costly to build, and the plugin checks every codegen
  // unit of a build in one process: what passed once passes again.
  static std::mutex KnownGoodLock;
  static StringSet<> KnownGood;
  std::unique_ptr<MCSubtargetInfo> Base;
  StringSet<> Checked;
  for (const Function &F : M) {
    StringRef CPU = F.getFnAttribute("target-cpu").getValueAsString();
    StringRef Tune = F.getFnAttribute("tune-cpu").getValueAsString();
    StringRef Features = F.getFnAttribute("target-features").getValueAsString();
    std::string Key = (TT.str() + "\x1f" + CPU + "\x1f" + Tune + "\x1f" + Features).str();
    if (!Checked.insert(Key).second)
      continue;
    {
      std::lock_guard<std::mutex> Lock(KnownGoodLock);
      if (KnownGood.contains(Key))
        continue;
    }
    // Asked with no CPU, so that asking does not itself warn.
    if (!Base)
      Base.reset(T.createMCSubtargetInfo(TT, "", ""));
    if (!Base)
      return Error::success();
    for (StringRef Which : {CPU, Tune})
      if (!Which.empty() && !Base->isCPUStringValid(Which))
        return fileError(Path, "function '" + F.getName() + "' targets CPU '" + Which +
                                   "', which LLVM does not know for " + TT.getArchName());
    if (TT.getArch() == Triple::x86_64 && !Features.empty()) {
      std::unique_ptr<MCSubtargetInfo> STI(
          T.createMCSubtargetInfo(TT, CPU.empty() ? "generic" : CPU, Features));
      if (STI && !STI->checkFeatures("+64bit"))
        return fileError(Path, "function '" + F.getName() +
                                   "' has target features without 64-bit "
                                   "mode on " +
                                   TT.str());
    }
    std::lock_guard<std::mutex> Lock(KnownGoodLock);
    KnownGood.insert(Key);
  }
  return Error::success();
}

} // namespace helperlink
