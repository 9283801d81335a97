//===- RustcWrapper.cpp - helperlink rustc ... -- <rustc> -----------------===//

#include "helperlink/RustcWrapper.h"

#include "Diagnostics.h"

#include "helperlink/Output.h"
#include "helperlink/Pipeline.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperlink {

static Error usage(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

namespace {
/// One --emit value ("dep-info=a.d,obj=a.o,metadata"), parsed.
struct EmitList {
  SmallVector<std::pair<std::string, std::optional<std::string>>, 4> Kinds;

  static EmitList parse(StringRef Value) {
    EmitList L;
    SmallVector<StringRef, 4> Items;
    Value.split(Items, ',', -1, /*KeepEmpty=*/false);
    for (StringRef Item : Items) {
      auto [Kind, Path] = Item.split('=');
      L.Kinds.push_back({Kind.str(), Item.contains('=')
                                         ? std::optional<std::string>(Path.str())
                                         : std::nullopt});
    }
    return L;
  }

  std::string str() const {
    std::string S;
    for (const auto &[Kind, Path] : Kinds) {
      if (!S.empty())
        S += ',';
      S += Kind;
      if (Path)
        S += "=" + *Path;
    }
    return S;
  }
};
} // namespace

/// The -Z options that change how the object must be emitted.
static void noteDebuggingOption(StringRef Option, RustcInvocation &Inv) {
  auto [Name, Value] = Option.split('=');
  if (Name != "function-sections")
    return;
  if (is_contained({"n", "no", "off", "false"}, Value))
    Inv.FunctionSections = false;
  else if (is_contained({"", "y", "yes", "on", "true"}, Value))
    Inv.FunctionSections = true;
}

Expected<RustcInvocation>
rewriteRustcCommand(ArrayRef<std::string> Command,
                    function_ref<std::string(StringRef)> BitcodePathFor) {
  if (Command.empty())
    return usage("no rustc command given after --");
  RustcInvocation Inv;
  Inv.Args.assign(Command.begin(), Command.end());

  // Where each --emit value lives: the argument index, and whether the value
  // follows "--emit=" in the same argument or is the next argument.
  struct EmitArg {
    size_t Index;
    bool Joined;
    EmitList List;
  };
  std::vector<EmitArg> Emits;
  std::optional<std::string> OutputFlag;
  for (size_t I = 1; I < Inv.Args.size(); ++I) {
    StringRef A = Inv.Args[I];
    if (A.consume_front("--emit=")) {
      Emits.push_back({I, true, EmitList::parse(A)});
    } else if (A == "--emit" && I + 1 < Inv.Args.size()) {
      Emits.push_back({I + 1, false, EmitList::parse(Inv.Args[I + 1])});
      ++I;
    } else if (A == "-Z" && I + 1 < Inv.Args.size()) {
      noteDebuggingOption(Inv.Args[++I], Inv);
    } else if (A.consume_front("-Z")) {
      noteDebuggingOption(A, Inv);
    } else if (A == "-o" && I + 1 < Inv.Args.size()) {
      OutputFlag = Inv.Args[++I];
    } else if (A.consume_front("-o") && !A.empty()) {
      OutputFlag = A.str();
    }
  }

  size_t EmitKinds = 0;
  EmitArg *ObjArg = nullptr;
  size_t ObjKind = 0;
  for (EmitArg &E : Emits)
    for (size_t K = 0; K < E.List.Kinds.size(); ++K) {
      ++EmitKinds;
      if (E.List.Kinds[K].first == "obj") {
        if (ObjArg)
          return usage("the rustc command emits obj twice");
        ObjArg = &E;
        ObjKind = K;
      } else if (E.List.Kinds[K].first == "llvm-bc") {
        return usage("the rustc command already emits llvm-bc; give helperlink "
                     "the bitcode directly instead");
      } else if (E.List.Kinds[K].first == "dep-info" && E.List.Kinds[K].second) {
        Inv.DepInfoPath = *E.List.Kinds[K].second;
      }
    }
  if (!ObjArg)
    return usage("the rustc command has no --emit=obj: nothing for helperlink "
                 "to produce");

  auto &[Kind, Path] = ObjArg->List.Kinds[ObjKind];
  if (Path)
    Inv.ObjectPath = *Path;
  else if (OutputFlag && EmitKinds == 1)
    Inv.ObjectPath = *OutputFlag;
  else
    return usage("cannot tell where rustc would write the object: use "
                 "--emit=obj=PATH");

  Inv.BitcodePath = BitcodePathFor(Inv.ObjectPath);
  Kind = "llvm-bc";
  Path = Inv.BitcodePath;
  std::string NewValue = ObjArg->List.str();
  Inv.Args[ObjArg->Index] = ObjArg->Joined ? "--emit=" + NewValue : NewValue;
  return Inv;
}

Error fixDepInfo(StringRef DepInfoPath, StringRef BitcodePath,
                 StringRef ObjectPath) {
  auto Buf = MemoryBuffer::getFile(DepInfoPath, /*IsText=*/true);
  if (!Buf)
    return fileError(DepInfoPath,
                     "cannot read rustc's dep-info: " + Buf.getError().message());
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
      return std::move(E);
  if (Error E = runPostStep(Step, R))
    return std::move(E);
  return 0;
}

Expected<int> runRustcWrapper(const Config &Cfg, ArrayRef<std::string> Command,
                              Report &R) {
  if (Command.empty())
    return usage("no rustc command given after --");
  return runPostStepWrapper(Cfg, Command, R);
}

} // namespace helperlink
