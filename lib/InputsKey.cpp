//===- InputsKey.cpp - What a plugin build depends on ---------------------===//

#include "helperlink/InputsKey.h"

#include "helperlink/Diagnostics.h"
#include "helperlink/Options.h"
#include "helperlink/Version.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace helperlink {

static std::string hex(XXH128_hash_t H) {
  std::string S;
  raw_string_ostream(S) << format_hex_no_prefix(H.high64, 16) << format_hex_no_prefix(H.low64, 16);
  return S;
}

std::string codeOptionsFor(const Config &Cfg) {
  Config Code = Cfg;
  Code.HelperFiles.clear();
  Code.ReportFile.clear();
  Code.Verbosity = 0;
  Code.HelperStampDir.clear();
  return pluginOptionsFor(Code);
}

Expected<std::string> helperInputsKey(ArrayRef<std::string> HelperFiles, StringRef PluginPath,
                                      StringRef CodeOptions) {
  // Each part with its length, so that no two lists of parts give one text.
  std::string Text;
  auto Add = [&](StringRef Part) {
    Text += std::to_string(Part.size());
    Text += ':';
    Text += Part;
  };
  Add("helperlink " HELPERLINK_VERSION);
  Add(CodeOptions);
  auto AddFile = [&](StringRef Path, StringRef What) -> Error {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
        MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!Buf)
      return fileError(Path, "cannot read " + What + ": " + Buf.getError().message());
    Add(hex(xxh3_128bits(arrayRefFromStringRef((*Buf)->getBuffer()))));
    return Error::success();
  };
  for (const std::string &H : HelperFiles)
    if (Error E = AddFile(H, "the helpers"))
      return E;
  if (!PluginPath.empty())
    if (Error E = AddFile(PluginPath, "the rustc plugin"))
      return E;
  return hex(xxh3_128bits(arrayRefFromStringRef(Text)));
}

/// \p Root and the global values its definition reaches, through
/// instructions, constant expressions, initializers and aliasees.
static SmallPtrSet<const GlobalValue *, 16> reachedFrom(const GlobalValue &Root) {
  SmallPtrSet<const GlobalValue *, 16> Reached;
  SmallPtrSet<const Constant *, 32> SeenConstants;
  SmallVector<const GlobalValue *, 16> Work{&Root};
  auto Visit = [&](auto &Self, const Value *V) -> void {
    if (const auto *GV = dyn_cast<GlobalValue>(V)) {
      if (Reached.insert(GV).second)
        Work.push_back(GV);
      return;
    }
    if (const auto *C = dyn_cast<Constant>(V))
      if (SeenConstants.insert(C).second)
        for (const Value *Op : C->operands())
          Self(Self, Op);
  };
  Reached.insert(&Root);
  while (!Work.empty()) {
    const GlobalValue *GV = Work.pop_back_val();
    if (const auto *F = dyn_cast<Function>(GV)) {
      for (const Value *Op : F->operands())
        Visit(Visit, Op);
      for (const Instruction &I : instructions(*F))
        for (const Value *Op : I.operands())
          Visit(Visit, Op);
    } else if (const auto *Var = dyn_cast<GlobalVariable>(GV)) {
      if (Var->hasInitializer())
        Visit(Visit, Var->getInitializer());
    } else if (const auto *A = dyn_cast<GlobalAlias>(GV)) {
      Visit(Visit, A->getAliasee());
    }
  }
  return Reached;
}

std::vector<HelperDigest> helperDigests(const Module &Helpers, bool KeepDebugInfo) {
  std::vector<HelperDigest> Digests;
  for (const Function &F : Helpers) {
    if (F.isDeclaration() || F.hasLocalLinkage())
      continue;
    SmallPtrSet<const GlobalValue *, 16> Reached = reachedFrom(F);
    ValueToValueMapTy VMap;
    std::unique_ptr<Module> Part =
        CloneModule(Helpers, VMap, [&](const GlobalValue *GV) { return Reached.contains(GV); });
    // The rest of the file comes in as declarations: only the used ones count,
    // so that a helper added elsewhere leaves this digest alone.
    SmallVector<GlobalValue *, 64> Unused;
    for (GlobalValue &GV : Part->global_values())
      if (GV.isDeclaration() && GV.use_empty())
        Unused.push_back(&GV);
    for (GlobalValue *GV : Unused)
      GV->eraseFromParent();
    if (!KeepDebugInfo)
      StripDebugInfo(*Part);
    // An inline asm's !srcloc is a file offset for diagnostics, not code:
    // an edit elsewhere in the file moves it.
    unsigned SrcLoc = Part->getContext().getMDKindID("srcloc");
    for (Function &G : *Part)
      for (Instruction &I : instructions(G))
        I.setMetadata(SrcLoc, nullptr);
    Part->setModuleIdentifier("");
    std::string Text;
    raw_string_ostream OS(Text);
    Part->print(OS, nullptr);
    Digests.push_back({F.getName().str(), hex(xxh3_128bits(arrayRefFromStringRef(Text)))});
  }
  llvm::sort(Digests, [](const HelperDigest &A, const HelperDigest &B) { return A.Name < B.Name; });
  return Digests;
}

} // namespace helperlink
