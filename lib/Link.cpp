//===- Link.cpp - Linking only the helpers a crate needs ------------------===//

#include "helperlink/Link.h"

#include "helperlink/Diagnostics.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Transforms/IPO/Internalize.h"

#include <map>

using namespace llvm;

namespace helperlink {

namespace {
/// Collects the linker's errors instead of printing them; its warnings
/// (triple spelling) were already judged by the checks.
struct LinkDiagnostics : DiagnosticHandler {
  std::string &Errors;
  explicit LinkDiagnostics(std::string &Errors) : Errors(Errors) {}
  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    if (DI.getSeverity() == DS_Error) {
      raw_string_ostream OS(Errors);
      if (!Errors.empty())
        OS << "; ";
      DiagnosticPrinterRawOStream DP(OS);
      DI.print(DP);
    }
    return true;
  }
};

/// Restores the context's handler however linking ends.
class ScopedDiagnostics {
  LLVMContext &Ctx;
  std::unique_ptr<DiagnosticHandler> Saved;

public:
  ScopedDiagnostics(LLVMContext &Ctx, std::string &Errors)
      : Ctx(Ctx), Saved(Ctx.getDiagnosticHandler()) {
    Ctx.setDiagnosticHandler(std::make_unique<LinkDiagnostics>(Errors));
  }
  ~ScopedDiagnostics() { Ctx.setDiagnosticHandler(std::move(Saved)); }
};
} // namespace

std::set<std::string> undefinedSymbols(const Module &M) {
  std::set<std::string> Names;
  for (const GlobalValue &GV : M.global_values()) {
    if (!GV.isDeclaration() || !GV.hasName() || GV.use_empty())
      continue;
    if (const auto *F = dyn_cast<Function>(&GV); F && F->isIntrinsic())
      continue;
    Names.insert(GV.getName().str());
  }
  return Names;
}

/// Whether \p HM defines a symbol \p Dest references without defining.
static bool definesSomethingNeeded(Module &Dest, Module &HM) {
  for (GlobalValue &GV : HM.global_values()) {
    if (GV.isDeclaration() || GV.hasLocalLinkage() || !GV.hasName())
      continue;
    if (GlobalValue *D = Dest.getNamedValue(GV.getName()))
      if (D->isDeclaration())
        return true;
  }
  return false;
}

/// What makes \p GV replaceable by another definition at link or load time,
/// judged by its linkage in its own file; empty when nothing does.
static std::string interposableKind(const GlobalValue &GV) {
  if (isa<GlobalIFunc>(GV))
    return "ifunc (its body is chosen at load time)";
  if (GV.isDeclaration() || GV.hasLocalLinkage() || !GV.isInterposable())
    return "";
  std::string What = isa<GlobalAlias>(GV)      ? "alias"
                     : isa<GlobalVariable>(GV) ? "variable"
                                               : "definition";
  if (GV.hasCommonLinkage())
    return "common (tentative) variable";
  if (GV.hasWeakLinkage())
    return "weak " + What;
  if (GV.hasLinkOnceLinkage())
    return "linkonce " + What;
  return What + " open to semantic interposition (-fsemantic-interposition)";
}

/// Turns \p GV into an external declaration of the same name and type, so
/// that references to it are resolved by the program's link, as they would
/// be without helperlink.
static void makeExternalDeclaration(GlobalValue &GV) {
  if (auto *GO = dyn_cast<GlobalObject>(&GV))
    GO->setComdat(nullptr);
  GV.setDSOLocal(false);
  if (auto *F = dyn_cast<Function>(&GV)) {
    F->deleteBody();
    return;
  }
  if (auto *V = dyn_cast<GlobalVariable>(&GV)) {
    V->setInitializer(nullptr);
    V->setLinkage(GlobalValue::ExternalLinkage);
    return;
  }
  // An alias or ifunc: a declaration takes its place.
  Module &M = *GV.getParent();
  std::string Name = GV.getName().str();
  GlobalValue *Decl;
  if (auto *FT = dyn_cast<FunctionType>(GV.getValueType()))
    Decl = Function::Create(FT, GlobalValue::ExternalLinkage, GV.getAddressSpace(), "", &M);
  else
    Decl =
        new GlobalVariable(M, GV.getValueType(), /*isConstant=*/false, GlobalValue::ExternalLinkage,
                           nullptr, "", nullptr, GlobalValue::NotThreadLocal, GV.getAddressSpace());
  GV.replaceAllUsesWith(Decl);
  GV.eraseFromParent();
  Decl->setName(Name);
}

/// Records \p HM's interposable definitions and, unless \p Allow (ifuncs
/// always), leaves them to the program's link: before internalization turns
/// a weak definition into the only one the crate can see.
static void setAsideInterposable(Module &HM, StringRef Path, bool Allow, LinkResult &Result) {
  SmallVector<GlobalValue *, 8> SetAside;
  for (GlobalValue &GV : HM.global_values()) {
    std::string Kind = interposableKind(GV);
    if (Kind.empty() || !GV.hasName())
      continue;
    bool Link = Allow && !isa<GlobalIFunc>(GV);
    Result.Interposable.try_emplace(GV.getName().str(),
                                    InterposableDefinition{Path.str(), Kind, Link});
    if (!Link)
      SetAside.push_back(&GV);
  }
  for (GlobalValue *GV : SetAside)
    makeExternalDeclaration(*GV);
}

/// The crate's module flags and named metadata stay the crate's: the
/// helpers' are dropped before linking rather than merged in.
static void dropHelperModuleSettings(Module &HM, bool KeepDebugInfo) {
  for (StringRef Name : {"llvm.module.flags", "llvm.ident", "llvm.commandline"})
    if (NamedMDNode *N = HM.getNamedMetadata(Name))
      HM.eraseNamedMetadata(N);
  if (!KeepDebugInfo)
    if (NamedMDNode *CUs = HM.getNamedMetadata("llvm.dbg.cu"))
      HM.eraseNamedMetadata(CUs);
}

/// Debug-info module flags the crate needs once it carries helper debug
/// info; without them the helpers' debug info would be dropped.
static void addDebugFlagsFrom(Module &Crate, const Module &HM) {
  for (StringRef Key : {"Debug Info Version", "Dwarf Version"}) {
    if (Crate.getModuleFlag(Key))
      continue;
    if (auto *V = mdconst::dyn_extract_or_null<ConstantInt>(HM.getModuleFlag(Key)))
      Crate.addModuleFlag(Key == "Dwarf Version" ? Module::Max : Module::Warning, Key,
                          V->getZExtValue());
  }
}

/// The external function \p Helper (linked into \p Crate) does nothing but
/// call, passing its arguments and result through, a function outside the
/// helpers that has the name of what the helper wraps (rust_helper_X calls
/// X): the library's out-of-line version of its inline API, which inlining
/// the helper leaves a call. (A helper that calls a function of another
/// name wraps a macro; that is what it is for.)
std::optional<ForwardingHelper> findForwarding(const Module &Crate, StringRef Helper,
                                               StringRef Prefix) {
  StringRef Wrapped = Helper;
  if (!Wrapped.consume_front(Prefix.empty() ? StringRef("rust_helper_") : Prefix))
    return std::nullopt;
  const Function *F = Crate.getFunction(Helper);
  if (!F || F->isDeclaration())
    return std::nullopt;
  const CallBase *Only = nullptr;
  for (const BasicBlock &BB : *F)
    for (const Instruction &I : BB) {
      if (isa<DbgInfoIntrinsic>(I) || isa<ReturnInst>(I) || isa<CastInst>(I))
        continue;
      const auto *Call = dyn_cast<CallBase>(&I);
      if (!Call || Only)
        return std::nullopt;
      Only = Call;
    }
  const Function *Callee = Only ? Only->getCalledFunction() : nullptr;
  if (!Callee || !Callee->isDeclaration() || Callee->isIntrinsic() || Callee->getName() != Wrapped)
    return std::nullopt;
  return ForwardingHelper{Helper.str(), Callee->getName().str()};
}

std::string ForwardingHelper::message() const {
  return "helper '" + Helper + "' only calls '" + Callee +
         "', the C library's out-of-line function: inlining removes the helper, not that call. "
         "If the library's header has an inline '" +
         Callee +
         "' behind a macro (liburcu: _LGPL_SOURCE), define it where the helpers are compiled";
}

std::string UnexportedReference::message() const {
  return "'" + Symbol + "' is referenced by " +
         (Helpers.empty() ? std::string("inlined helper code")
                          : "helper '" + join(Helpers, "', '") + "'") +
         " but is not in " + ExportsFile;
}

std::string GlobalStateHazard::message() const {
  return "helper '" + Helper + "' uses the mutable global '" + Global +
         "': this crate gets its own copy, separate from the C side's";
}

static void collectHazards(Module &M, const StringSet<> &FromHelpers,
                           std::vector<GlobalStateHazard> &Out) {
  std::set<std::pair<std::string, std::string>> Seen;
  for (Function &F : M) {
    if (!FromHelpers.count(F.getName()))
      continue;
    for (Instruction &I : instructions(F)) {
      SmallVector<const Value *, 8> Work(I.op_begin(), I.op_end());
      SmallPtrSet<const Value *, 8> Visited;
      while (!Work.empty()) {
        const Value *V = Work.pop_back_val();
        if (!Visited.insert(V).second)
          continue;
        if (const auto *GV = dyn_cast<GlobalVariable>(V)) {
          if (!GV->isConstant() && GV->hasName() && FromHelpers.count(GV->getName()) &&
              Seen.insert({GV->getName().str(), F.getName().str()}).second)
            Out.push_back({GV->getName().str(), F.getName().str()});
          continue;
        }
        if (const auto *CE = dyn_cast<ConstantExpr>(V))
          Work.append(CE->op_begin(), CE->op_end());
      }
    }
  }
}

static void collectExternalUses(Module &M, LinkResult &Result) {
  for (GlobalValue &GV : M.global_values()) {
    if (!GV.isDeclaration() || !GV.hasName())
      continue;
    if (auto *F = dyn_cast<Function>(&GV); F && F->isIntrinsic())
      continue;
    std::set<std::string> Users;
    for (const User *U : GV.users())
      if (const auto *I = dyn_cast<Instruction>(U)) {
        const Function *F = I->getFunction();
        if (F->hasName() && Result.FromHelpers.count(F->getName()))
          Users.insert(F->getName().str());
      }
    if (!Users.empty())
      Result.ExternalUses[GV.getName().str()].assign(Users.begin(), Users.end());
  }
}

/// An external declaration whose dso_local a compiler decides by the
/// relocation model alone: default visibility (hidden or protected implies
/// dso_local), not extern_weak, not thread-local, not an intrinsic.
static bool isOrdinaryDeclaration(const GlobalValue &GV) {
  if (const auto *F = dyn_cast<Function>(&GV); F && F->isIntrinsic())
    return false;
  return GV.isDeclaration() && GV.hasDefaultVisibility() && !GV.hasExternalWeakLinkage() &&
         !GV.isThreadLocal();
}

/// Whether the crate's compiler makes an ordinary external declaration
/// dso_local. The crate's own declarations (at least the helpers it calls)
/// carry every rule rustc applied: the relocation model, and
/// -Zdirect-access-external-data, which no module flag records (static
/// with =no does not assume it; PIE with =yes does, as Linux's loongarch
/// and UML modules are built). One dso_local declaration says so: rustc
/// gives it to all or none, but declares a few outside that rule without it
/// (memcmp for slice comparisons; LLVM adds bcmp). Without any declaration,
/// the relocation model decides.
static bool crateDeclarationsAreLocal(const Module &Crate) {
  std::optional<bool> Local;
  for (const GlobalValue &GV : Crate.global_values())
    if (isOrdinaryDeclaration(GV))
      Local = Local.value_or(false) || GV.isDSOLocal();
  if (Local)
    return *Local;
  const Triple &TT = Crate.getTargetTriple();
  return TT.isOSBinFormatELF() && !TT.isPPC64() && Crate.getDirectAccessExternalData();
}

/// The constants an operand names: \p V and, through constant expressions
/// (a cast, an offset), what it is computed from.
static SmallPtrSet<const GlobalValue *, 2> globalsIn(const Value *V) {
  SmallPtrSet<const GlobalValue *, 2> Globals;
  SmallVector<const Value *, 4> Work = {V};
  while (!Work.empty()) {
    const Value *W = Work.pop_back_val();
    if (const auto *GV = dyn_cast<GlobalValue>(W))
      Globals.insert(GV);
    else if (const auto *CE = dyn_cast<ConstantExpr>(W))
      Work.append(CE->op_begin(), CE->op_end());
  }
  return Globals;
}

/// Inline asm of \p F that takes the address of a symbol in \p Dropped as a
/// link-time constant (an "i" or "s" operand): it would need the symbol in
/// this object, which the crate's relocation model no longer assumes.
static std::optional<std::pair<std::string, std::string>>
asmConstantOnDropped(const Function &F, const SmallPtrSetImpl<const GlobalValue *> &Dropped) {
  for (const Instruction &I : instructions(F)) {
    const auto *CB = dyn_cast<CallBase>(&I);
    const auto *IA = CB ? dyn_cast<InlineAsm>(CB->getCalledOperand()) : nullptr;
    if (!IA)
      continue;
    unsigned Arg = 0;
    for (const InlineAsm::ConstraintInfo &C : IA->ParseConstraints()) {
      // Direct outputs are the call's result; clobbers and labels take no
      // argument.
      if (C.Type == InlineAsm::isClobber || C.Type == InlineAsm::isLabel ||
          (C.Type == InlineAsm::isOutput && !C.isIndirect))
        continue;
      if (Arg >= CB->arg_size())
        break;
      const Value *Op = CB->getArgOperand(Arg++);
      bool ConstantOnly = C.Type == InlineAsm::isInput && !C.Codes.empty() &&
                          llvm::all_of(C.Codes, [](const std::string &Code) {
                            return Code == "i" || Code == "s" || Code == "n";
                          });
      if (!ConstantOnly)
        continue;
      for (const GlobalValue *GV : globalsIn(Op))
        if (Dropped.count(GV))
          return std::make_pair(GV->getName().str(), C.Codes.front());
    }
  }
  return std::nullopt;
}

/// The external declarations the helpers brought in follow the crate's
/// relocation model: dso_local only where the crate's compiler would give
/// it to such a declaration. The C compiler's choice is kept where the
/// crate allows it: the flag is only ever dropped, never added, so a build
/// whose helpers and crate already agree (Linux's, static or with
/// -Zdirect-access-external-data) is left exactly as it was. Inline asm
/// that needs a dropped symbol's address as a constant cannot follow; it is
/// refused, naming the C flag that makes the helpers agree with the crate.
static Error followCrateRelocationModel(Module &Crate, bool CrateLocal,
                                        const StringSet<> &CrateNames,
                                        const MapVector<const Function *, std::string> &FileOf,
                                        LinkResult &Result) {
  SmallPtrSet<const GlobalValue *, 8> Dropped;
  for (GlobalValue &GV : Crate.global_values()) {
    if (!GV.isDSOLocal() || !GV.hasName() || CrateNames.count(GV.getName()) ||
        !GV.isDeclaration() || GV.isImplicitDSOLocal())
      continue;
    if (const auto *F = dyn_cast<Function>(&GV); F && F->isIntrinsic())
      continue;
    if (CrateLocal && !GV.isThreadLocal())
      continue;
    GV.setDSOLocal(false);
    Dropped.insert(&GV);
    auto Uses = Result.ExternalUses.find(GV.getName().str());
    Result.DSOLocalDropped.push_back(
        {GV.getName().str(), isa<FunctionType>(GV.getValueType()),
         Uses != Result.ExternalUses.end() ? Uses->second : std::vector<std::string>()});
  }
  if (Dropped.empty())
    return Error::success();
  bool PIE = Crate.getPIELevel() != PIELevel::Default;
  bool PIC = Crate.getPICLevel() != PICLevel::NotPIC;
  for (const auto &[F, File] : FileOf)
    if (auto Found = asmConstantOnDropped(*F, Dropped)) {
      auto [Symbol, Code] = *Found;
      return fileError(File, "helper '" + F->getName() +
                                 "': its inline asm takes the address of '" + Symbol +
                                 "' as a constant ('" + Code + "' operand), which assumes '" +
                                 Symbol + "' is in this object, and the crate (" +
                                 (PIE   ? "PIE"
                                  : PIC ? "position-independent"
                                        : "no direct access to external data") +
                                 ") does not: compile the helpers with " +
                                 (PIE   ? "-fPIE"
                                  : PIC ? "-fPIC"
                                        : "-fno-direct-access-external-data") +
                                 ", as the crate is built");
    }
  return Error::success();
}

/// Helper bodies are read lazily, so no verifier has seen them yet; LLVM's
/// inliner would crash on an invalid one. Checks the functions \p Path's
/// module just brought in.
static Error verifyNewlyLinked(Module &Crate, const DenseSet<const GlobalValue *> &CrateDefinitions,
                               DenseSet<const Function *> &Verified, StringRef Path) {
  for (Function &F : Crate) {
    if (F.isDeclaration() || CrateDefinitions.count(&F) || !Verified.insert(&F).second)
      continue;
    std::string Msg;
    raw_string_ostream OS(Msg);
    if (verifyFunction(F, &OS))
      return fileError(Path, "invalid helper function '" + F.getName() +
                                 "': " + StringRef(Msg).split('\n').first);
  }
  return Error::success();
}

Expected<LinkResult> linkHelpers(Module &Crate, std::vector<InputFile> Helpers,
                                 const LinkOptions &Opts) {
  LinkResult Result;
  DenseSet<const GlobalValue *> CrateDefinitions;
  for (const GlobalValue &GV : Crate.global_values())
    if (!GV.isDeclaration())
      CrateDefinitions.insert(&GV);
  for (const Function &F : Crate)
    if (!F.isDeclaration())
      Result.CrateFunctions.insert(F.getName());
  Result.CrateUndefined = undefinedSymbols(Crate);
  // Decided before the helpers add declarations of their own.
  bool CrateLocal = crateDeclarationsAreLocal(Crate);
  StringSet<> CrateNames;
  for (const GlobalValue &GV : Crate.global_values())
    if (GV.hasName())
      CrateNames.insert(GV.getName());
  for (const std::string &Name : Result.CrateUndefined)
    for (const InputFile &H : Helpers)
      if (const GlobalValue *GV = H.M->getNamedValue(Name);
          // Functions, ifuncs and aliases of functions.
          GV && !GV->isDeclaration() && isa<FunctionType>(GV->getValueType())) {
        Result.Roots.insert(Name);
        // A call through an alias is decided as a call to what it aliases.
        if (const auto *GA = dyn_cast<GlobalAlias>(GV))
          if (const GlobalObject *Target = GA->getAliaseeObject(); Target && Target->hasName())
            Result.Roots.insert(Target->getName());
      }
  // Decided on each file's own linkage and flags, before any is linked.
  for (InputFile &H : Helpers)
    setAsideInterposable(*H.M, H.Path, Opts.AllowInterposable, Result);

  std::string Errors;
  DenseSet<const Function *> Verified;
  // The helper file each linked function came from, in link order, for
  // errors.
  MapVector<const Function *, std::string> FileOf;
  {
    ScopedDiagnostics Diags(Crate.getContext(), Errors);
    Linker L(Crate);
    // A helper file may need another one linked first; link in rounds until
    // no remaining file defines anything the crate still lacks.
    for (bool Progress = true; Progress;) {
      Progress = false;
      for (InputFile &H : Helpers) {
        if (!H.M || !definesSomethingNeeded(Crate, *H.M))
          continue;
        std::string Path = H.Path;
        if (Opts.KeepHelperDebugInfo)
          addDebugFlagsFrom(Crate, *H.M);
        dropHelperModuleSettings(*H.M, Opts.KeepHelperDebugInfo);
        // Linking materializes the helper bodies it needs (bitcode reading),
        // which are then verified: both guarded against crashes on bad input.
        if (Error E = guardedParse(Path, [&]() -> Error {
              bool Failed = L.linkInModule(std::move(H.M), Linker::Flags::LinkOnlyNeeded,
                                           [](Module &M, const StringSet<> &Linked) {
                                             internalizeModule(M, [&Linked](const GlobalValue &GV) {
                                               return !GV.hasName() || !Linked.count(GV.getName());
                                             });
                                           });
              if (Failed)
                return fileError(Path,
                                 "cannot link: " +
                                     (Errors.empty() ? std::string("unknown error") : Errors));
              return verifyNewlyLinked(Crate, CrateDefinitions, Verified, Path);
            }))
          return E;
        for (const Function &F : Crate)
          if (!F.isDeclaration() && !CrateDefinitions.count(&F))
            FileOf.insert({&F, Path});
        Progress = true;
      }
    }
  }

  for (GlobalValue &GV : Crate.global_values()) {
    if (GV.isDeclaration() || CrateDefinitions.count(&GV) || !GV.hasName())
      continue;
    Result.FromHelpers.insert(GV.getName());
    if (auto *F = dyn_cast<Function>(&GV)) {
      Result.HelpersLinked.push_back(F->getName().str());
      if (!Opts.KeepHelperDebugInfo)
        stripDebugInfo(*F);
    } else if (auto *GVar = dyn_cast<GlobalVariable>(&GV)) {
      if (!Opts.KeepHelperDebugInfo)
        GVar->eraseMetadata(LLVMContext::MD_dbg);
    }
  }
  collectHazards(Crate, Result.FromHelpers, Result.Hazards);
  collectExternalUses(Crate, Result);
  if (Error E = followCrateRelocationModel(Crate, CrateLocal, CrateNames, FileOf, Result))
    return E;
  return Result;
}

} // namespace helperlink
