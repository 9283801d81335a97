//===- main.cpp - cargo helperlink: cargo with helperlink's plugin --------===//
//
//   cargo helperlink build --release        (any cargo subcommand and args)
//
// Builds a cargo workspace with helperlink's rustc plugin in every rustc:
//
// 1. checks once that rustc can load the plugin and clang is on its LLVM;
// 2. compiles the C helpers each package declares in
//    [package.metadata.helperlink] to bitcode, under target/helperlink/,
//    rewriting a file only when its bytes change;
// 3. gives every crate all of them (HELPERLINK_HELPERS): a crate that calls
//    none is left as rustc builds it;
// 4. adds the plugin and -Cmetadata=helperlink-<key> to the rustflags cargo
//    would use (CARGO_ENCODED_RUSTFLAGS, RUSTFLAGS, target.*.rustflags or
//    build.rustflags), merged, never replacing them. The key digests the
//    helpers' bitcode, the plugin and the options, so that cargo's
//    fingerprints, rustc's incremental cache and sccache rebuild what a
//    helper edit or a new helperlink changes, and reuse what they do not;
// 5. runs cargo.
//
//===----------------------------------------------------------------------===//

#include "helperlink-driver/PluginSupport.h"
#include "helperlink-driver/ToolProbes.h"

#include "helperlink/Inputs.h"
#include "helperlink/InputsKey.h"
#include "helperlink/Options.h"
#include "helperlink/Pipeline.h"
#include "helperlink/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <tuple>
#include <unistd.h>

using namespace llvm;
using namespace helperlink;

namespace {

Error problem(const Twine &Msg) { return createStringError(inconvertibleErrorCode(), Msg); }

Error fileProblem(const Twine &File, const Twine &Msg) {
  return createFileError(File, problem(Msg));
}

std::string env(const char *Name, StringRef Default = "") {
  std::optional<std::string> V = sys::Process::GetEnv(Name);
  return V ? *V : Default.str();
}

const char *Usage =
    "usage: cargo helperlink <cargo subcommand> [args...]\n"
    "\n"
    "Runs cargo with helperlink's rustc plugin loaded into every rustc. The C\n"
    "helpers a package declares are compiled to bitcode and inlined into every\n"
    "crate that calls them:\n"
    "\n"
    "  [package.metadata.helperlink]\n"
    "  helpers = [\"csrc/helpers.c\"]   # compiled with clang-22 -O2 -emit-llvm\n"
    "  include = [\"csrc\"]             # -I, relative to the package\n"
    "  cflags = [\"-DNDEBUG\"]          # more clang flags\n"
    "\n"
    "  [workspace.metadata.helperlink]\n"
    "  options = [\"--require-inlined\"]   # helperlink's plugin options\n"
    "  helper-prefix = \"rust_helper_\"     # a call to one no helper defines is an error\n"
    "\n"
    "The rustflags cargo would use (CARGO_ENCODED_RUSTFLAGS, RUSTFLAGS,\n"
    "target.*.rustflags, build.rustflags) are kept, with the plugin added.\n"
    "Environment: CARGO, RUSTC, CLANG (default clang-22), HELPERLINK_OPTIONS.\n";

/// Runs \p Argv (Argv[0] found on PATH) with stderr shown; its stdout.
Expected<std::string> run(ArrayRef<std::string> Argv, bool ShowStderr = true) {
  ErrorOr<std::string> Program = sys::findProgramByName(Argv[0]);
  if (!Program)
    return fileProblem(Argv[0], "not found on PATH");
  SmallString<128> Out;
  if (std::error_code EC = sys::fs::createTemporaryFile("cargo-helperlink", "out", Out))
    return problem("cannot create a temporary file: " + EC.message());
  FileRemover Remove(Out);
  SmallVector<StringRef, 16> Args(Argv.begin(), Argv.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(Out),
                                          ShowStderr ? std::optional<StringRef>()
                                                     : std::optional<StringRef>("")};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(*Program, Args, std::nullopt, Redirects, 0, 0, &ErrMsg);
  if (RC != 0)
    return fileProblem(Argv[0],
                       "'" + join(Argv, " ") + "' failed" +
                           (ErrMsg.empty() ? " (exit " + std::to_string(RC) + ")" : ": " + ErrMsg));
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Out);
  if (!Buf)
    return problem("cannot read the output of " + Argv[0]);
  return (*Buf)->getBuffer().str();
}

/// The strings of a JSON array, or of a string split on blanks as cargo
/// reads a rustflags string.
std::vector<std::string> stringsOf(const json::Value *V) {
  std::vector<std::string> Out;
  if (!V)
    return Out;
  if (std::optional<StringRef> S = V->getAsString()) {
    SmallVector<StringRef, 8> Words;
    S->split(Words, ' ', -1, /*KeepEmpty=*/false);
    for (StringRef W : Words)
      if (!W.trim().empty())
        Out.push_back(W.trim().str());
    return Out;
  }
  if (const json::Array *A = V->getAsArray())
    for (const json::Value &E : *A)
      if (std::optional<StringRef> S = E.getAsString())
        Out.push_back(S->str());
  return Out;
}

std::vector<std::string> splitBlanks(StringRef Text) {
  std::vector<std::string> Out;
  SmallVector<StringRef, 8> Words;
  Text.split(Words, ' ', -1, false);
  for (StringRef W : Words) {
    SmallVector<StringRef, 4> More;
    W.split(More, '\t', -1, false);
    for (StringRef M : More)
      if (!M.trim().empty())
        Out.push_back(M.trim().str());
  }
  return Out;
}

/// The cargo arguments that change which workspace and configuration cargo
/// reads; cargo metadata and cargo config get are given them too.
struct CargoArgs {
  std::vector<std::string> Global; // --config X, -Z X, --manifest-path X, --offline, ...
  std::optional<std::string> Target;
  bool Verbose = false;
};

CargoArgs scanCargoArgs(ArrayRef<std::string> Args) {
  CargoArgs C;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "--")
      break;
    auto TakeValue = [&](StringRef Name) -> std::optional<std::string> {
      if (A == Name && I + 1 < Args.size())
        return Args[++I];
      if (A.starts_with(Name.str() + "="))
        return A.drop_front(Name.size() + 1).str();
      return std::nullopt;
    };
    if (std::optional<std::string> V = TakeValue("--config")) {
      C.Global.insert(C.Global.end(), {"--config", *V});
    } else if (std::optional<std::string> V = TakeValue("--manifest-path")) {
      C.Global.push_back("--manifest-path=" + *V);
    } else if (std::optional<std::string> V = TakeValue("--target")) {
      C.Target = *V;
    } else if (A == "-Z" && I + 1 < Args.size()) {
      C.Global.insert(C.Global.end(), {"-Z", Args[++I]});
    } else if (is_contained({"--offline", "--frozen", "--locked"}, A)) {
      C.Global.push_back(A.str());
    } else if (A == "-v" || A == "-vv" || A == "--verbose") {
      C.Verbose = true;
    }
  }
  return C;
}

/// A cfg(...) expression of a [target.'cfg(...)'] table, against the
/// target's `rustc --print cfg`.
class CfgMatcher {
public:
  explicit CfgMatcher(StringRef PrintCfg) {
    SmallVector<StringRef, 64> Lines;
    PrintCfg.split(Lines, '\n', -1, false);
    for (StringRef L : Lines)
      Facts.insert(L.trim().str());
  }

  /// Whether \p Expr ("cfg(unix)") holds; nothing when it cannot be read.
  std::optional<bool> matches(StringRef Expr) {
    Text = Expr.trim();
    if (!Text.consume_front("cfg(") || !Text.consume_back(")"))
      return std::nullopt;
    std::optional<bool> R = predicate();
    skipBlanks();
    if (!Text.empty())
      return std::nullopt;
    return R;
  }

private:
  std::set<std::string> Facts;
  StringRef Text;

  void skipBlanks() { Text = Text.ltrim(); }
  StringRef word() {
    skipBlanks();
    size_t N = 0;
    while (N < Text.size() && (isAlnum(Text[N]) || Text[N] == '_'))
      ++N;
    StringRef W = Text.take_front(N);
    Text = Text.drop_front(N);
    return W;
  }
  std::optional<bool> predicate() {
    StringRef Name = word();
    if (Name.empty())
      return std::nullopt;
    skipBlanks();
    if (Text.consume_front("(")) {
      std::vector<bool> Args;
      while (true) {
        skipBlanks();
        if (Text.consume_front(")"))
          break;
        std::optional<bool> A = predicate();
        if (!A)
          return std::nullopt;
        Args.push_back(*A);
        skipBlanks();
        if (Text.consume_front(","))
          continue;
        if (Text.consume_front(")"))
          break;
        return std::nullopt;
      }
      if (Name == "all")
        return llvm::all_of(Args, [](bool B) { return B; });
      if (Name == "any")
        return llvm::any_of(Args, [](bool B) { return B; });
      if (Name == "not" && Args.size() == 1)
        return !Args[0];
      return std::nullopt;
    }
    if (Text.consume_front("=")) {
      skipBlanks();
      if (!Text.consume_front("\""))
        return std::nullopt;
      size_t End = Text.find('"');
      if (End == StringRef::npos)
        return std::nullopt;
      std::string Fact = (Name + "=\"" + Text.take_front(End) + "\"").str();
      Text = Text.drop_front(End + 1);
      return Facts.count(Fact) != 0;
    }
    return Facts.count(Name.str()) != 0;
  }
};

/// The rustflags cargo would give the target's crates, and where they
/// come from, in cargo's order: the first source that is set wins.
struct Rustflags {
  std::vector<std::string> Flags;
  std::string Source;
};

Expected<Rustflags> currentRustflags(StringRef Cargo, StringRef Rustc, const CargoArgs &CA,
                                     StringRef Triple) {
  Rustflags R;
  if (std::optional<std::string> Encoded = sys::Process::GetEnv("CARGO_ENCODED_RUSTFLAGS")) {
    SmallVector<StringRef, 8> Parts;
    StringRef(*Encoded).split(Parts, '\x1f', -1, /*KeepEmpty=*/false);
    for (StringRef P : Parts)
      R.Flags.push_back(P.str());
    R.Source = "CARGO_ENCODED_RUSTFLAGS";
    return R;
  }
  if (std::optional<std::string> Plain = sys::Process::GetEnv("RUSTFLAGS")) {
    R.Flags = splitBlanks(*Plain);
    R.Source = "RUSTFLAGS";
    return R;
  }
  // The configuration as cargo merges it (-Zunstable-options needs
  // RUSTC_BOOTSTRAP=1, which the build sets anyway).
  std::vector<std::string> Argv = {Cargo.str()};
  Argv.insert(Argv.end(), CA.Global.begin(), CA.Global.end());
  Argv.insert(Argv.end(), {"-Zunstable-options", "config", "get", "--format", "json"});
  Expected<std::string> Out = run(Argv, /*ShowStderr=*/false);
  if (!Out)
    return problem("cannot read cargo's configuration, whose rustflags the plugin must be "
                   "added to, not put in place of: " +
                   toString(Out.takeError()));
  StringRef Text = StringRef(*Out).trim();
  Expected<json::Value> Config = json::parse(Text.empty() ? StringRef("{}") : Text);
  if (!Config)
    return problem("cannot read cargo's configuration (cargo config get): " +
                   toString(Config.takeError()));
  const json::Object *Root = Config->getAsObject();

  // target.<triple>.rustflags, CARGO_TARGET_<TRIPLE>_RUSTFLAGS and the
  // matching target.'cfg(..)'.rustflags, joined.
  std::string TripleEnv = "CARGO_TARGET_" + Triple.upper() + "_RUSTFLAGS";
  for (char &C : TripleEnv)
    if (C == '-' || C == '.')
      C = '_';
  std::vector<std::string> Sources;
  if (const json::Object *Targets = Root ? Root->getObject("target") : nullptr) {
    std::optional<CfgMatcher> Matcher;
    std::vector<std::string> Keys;
    for (const auto &KV : *Targets)
      Keys.push_back(KV.first.str());
    llvm::sort(Keys);
    for (const std::string &Key : Keys) {
      const json::Object *T = Targets->getObject(Key);
      const json::Value *Flags = T ? T->get("rustflags") : nullptr;
      if (!Flags)
        continue;
      bool Applies = Key == Triple;
      if (StringRef(Key).starts_with("cfg(")) {
        if (!Matcher) {
          Expected<std::string> Cfg =
              run({Rustc.str(), "--print", "cfg", "--target", Triple.str()});
          if (!Cfg)
            return Cfg.takeError();
          Matcher.emplace(*Cfg);
        }
        std::optional<bool> M = Matcher->matches(Key);
        if (!M)
          return problem("target.'" + Key +
                         "'.rustflags in cargo's configuration: cargo helperlink cannot "
                         "tell whether it applies, and would not drop it; put these flags "
                         "in RUSTFLAGS or build.rustflags");
        Applies = *M;
      }
      if (!Applies)
        continue;
      std::vector<std::string> F = stringsOf(Flags);
      R.Flags.insert(R.Flags.end(), F.begin(), F.end());
      Sources.push_back("target.'" + Key + "'.rustflags");
    }
  }
  if (std::optional<std::string> E = sys::Process::GetEnv(TripleEnv)) {
    std::vector<std::string> F = splitBlanks(*E);
    R.Flags.insert(R.Flags.end(), F.begin(), F.end());
    Sources.push_back(TripleEnv);
  }
  if (!Sources.empty()) {
    R.Source = join(Sources, ", ");
    return R;
  }
  if (const json::Object *Build = Root ? Root->getObject("build") : nullptr)
    if (const json::Value *Flags = Build->get("rustflags")) {
      R.Flags = stringsOf(Flags);
      Sources.push_back("build.rustflags");
    }
  if (std::optional<std::string> E = sys::Process::GetEnv("CARGO_BUILD_RUSTFLAGS")) {
    std::vector<std::string> F = splitBlanks(*E);
    R.Flags.insert(R.Flags.end(), F.begin(), F.end());
    Sources.push_back("CARGO_BUILD_RUSTFLAGS");
  }
  R.Source = Sources.empty() ? "none" : join(Sources, ", ");
  return R;
}

/// One package's declaration: [package.metadata.helperlink].
struct HelperPackage {
  std::string Name, Version, Dir, Manifest;
  std::vector<std::string> Helpers, Include, CFlags;
};

Expected<std::vector<HelperPackage>> declaredHelpers(const json::Object &Metadata) {
  std::vector<HelperPackage> Out;
  const json::Array *Packages = Metadata.getArray("packages");
  if (!Packages)
    return problem("cargo metadata printed no packages");
  for (const json::Value &PV : *Packages) {
    const json::Object *P = PV.getAsObject();
    const json::Object *Meta = P ? P->getObject("metadata") : nullptr;
    const json::Object *HL = Meta ? Meta->getObject("helperlink") : nullptr;
    if (!HL)
      continue;
    HelperPackage H;
    H.Name = P->getString("name").value_or("").str();
    H.Version = P->getString("version").value_or("").str();
    H.Manifest = P->getString("manifest_path").value_or("").str();
    H.Dir = sys::path::parent_path(H.Manifest).str();
    for (const auto &KV : *HL)
      if (!is_contained({"helpers", "include", "cflags"}, KV.first.str()))
        return fileProblem(H.Manifest, "[package.metadata.helperlink] has no key '" +
                                           KV.first.str() +
                                           "' (it has helpers, include and cflags)");
    const json::Value *Helpers = HL->get("helpers");
    if (!Helpers || !Helpers->getAsArray())
      return fileProblem(H.Manifest, "[package.metadata.helperlink] needs helpers = "
                                     "[\"path/to/helpers.c\", ...], relative to the package");
    H.Helpers = stringsOf(Helpers);
    H.Include = stringsOf(HL->get("include"));
    H.CFlags = stringsOf(HL->get("cflags"));
    for (const std::string &F : H.Helpers) {
      SmallString<256> Abs(H.Dir);
      sys::path::append(Abs, F);
      if (!sys::fs::exists(Abs))
        return fileProblem(H.Manifest, "[package.metadata.helperlink] helpers names '" + F +
                                           "', which is not there (" + Abs + ")");
    }
    Out.push_back(std::move(H));
  }
  llvm::sort(Out, [](const HelperPackage &A, const HelperPackage &B) {
    return std::tie(A.Name, A.Version, A.Dir) < std::tie(B.Name, B.Version, B.Dir);
  });
  return Out;
}

/// Compiles \p Src (relative to the package) to \p Out, from the package's
/// directory, so that the bitcode names the file as the package does and
/// is the same in every checkout. \p Out is replaced only when its bytes
/// change: its time stamp then says when the helpers last changed.
Error compileHelper(const HelperPackage &P, StringRef Src, StringRef Clang, StringRef Triple,
                    StringRef Out) {
  if (std::error_code EC = sys::fs::create_directories(sys::path::parent_path(Out)))
    return fileProblem(sys::path::parent_path(Out), "cannot create: " + EC.message());
  SmallString<256> Tmp;
  if (std::error_code EC = sys::fs::createUniqueFile(Out + ".tmp-%%%%%%", Tmp))
    return fileProblem(Out, "cannot create a temporary file beside it: " + EC.message());
  FileRemover RemoveTmp(Tmp);
  std::vector<std::string> Argv = {Clang.str(), "--target=" + Triple.str(), "-O2"};
  for (const std::string &I : P.Include)
    Argv.push_back("-I" + I);
  Argv.insert(Argv.end(), P.CFlags.begin(), P.CFlags.end());
  Argv.insert(Argv.end(), {"-emit-llvm", "-c", Src.str(), "-o", std::string(Tmp)});

  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  if (std::error_code EC = sys::fs::set_current_path(P.Dir))
    return fileProblem(P.Dir, "cannot enter: " + EC.message());
  Expected<std::string> R = run(Argv);
  sys::fs::set_current_path(Cwd);
  if (!R) {
    consumeError(R.takeError());
    return fileProblem(P.Manifest,
                       "compiling the helpers " + Src +
                           " to bitcode failed (clang said why above): " + join(Argv, " "));
  }
  bool Same = false;
  if (sys::fs::exists(Out)) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> A = MemoryBuffer::getFile(Out);
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Tmp);
    Same = A && B && (*A)->getBuffer() == (*B)->getBuffer();
  }
  if (Same)
    return Error::success();
  if (std::error_code EC = sys::fs::rename(Tmp, Out))
    return fileProblem(Out, "cannot write: " + EC.message());
  RemoveTmp.releaseFile();
  return Error::success();
}

int fail(Error E) {
  for (const std::string &Line : errorLines(std::move(E)))
    WithColor::error(errs(), "helperlink") << Line << "\n";
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  std::vector<std::string> Args(argv + 1, argv + argc);
  // cargo runs `cargo-helperlink helperlink <args>` for `cargo helperlink`.
  if (!Args.empty() && Args[0] == "helperlink")
    Args.erase(Args.begin());
  if (Args.empty() || Args[0] == "--help" || Args[0] == "-h" || Args[0] == "help") {
    outs() << Usage;
    return Args.empty() ? 2 : 0;
  }
  if (Args[0] == "--version" || Args[0] == "-V") {
    outs() << "cargo-helperlink (helperlink) " << HELPERLINK_VERSION << "\n";
    return 0;
  }

  // -Zllvm-plugins and `cargo config get` are unstable.
  setenv("RUSTC_BOOTSTRAP", "1", 1);
  std::string Cargo = env("CARGO", "cargo");
  std::string Rustc = env("RUSTC", "rustc");
  std::string Clang = env("CLANG", "clang-22");
  CargoArgs CA = scanCargoArgs(Args);

  // 1. Once for the whole build: can rustc load the plugin, is clang on its LLVM?
  PluginSupport Plugin = pluginSupportFor(Rustc);
  if (!Plugin.Usable)
    return fail(fileProblem(Rustc, "cannot load helperlink's rustc plugin: " + Plugin.Reason +
                                       "; build with plain cargo (the helpers are then "
                                       "called as C) or use a rustc that can "
                                       "('helperlink check-compat')"));
  ToolVersion ClangV = probeClang(Clang);
  std::optional<unsigned> ClangMajor = majorOf(ClangV.LLVMVersion);
  if (!ClangMajor || *ClangMajor != LLVM_VERSION_MAJOR)
    return fail(fileProblem(
        Clang, ClangMajor
                   ? "uses LLVM " + ClangV.LLVMVersion + "; the helpers' bitcode must be LLVM " +
                         std::to_string(LLVM_VERSION_MAJOR) + " (set CLANG)"
                   : "cannot run it: " + ClangV.Problem + " (set CLANG to a clang on LLVM " +
                         std::to_string(LLVM_VERSION_MAJOR) + ")"));
  std::string Triple = CA.Target.value_or("");
  if (Triple.empty()) {
    Expected<std::string> VV = run({Rustc, "-vV"});
    if (!VV)
      return fail(VV.takeError());
    for (StringRef Line : split(*VV, '\n'))
      if (Line.consume_front("host: "))
        Triple = Line.trim().str();
  }

  Expected<Rustflags> Flags = currentRustflags(Cargo, Rustc, CA, Triple);
  if (!Flags)
    return fail(Flags.takeError());

  // 2. The packages' declarations, and their bitcode.
  std::vector<std::string> MetaArgv = {Cargo, "metadata", "--format-version", "1"};
  MetaArgv.insert(MetaArgv.end(), CA.Global.begin(), CA.Global.end());
  Expected<std::string> MetaText = run(MetaArgv);
  if (!MetaText)
    return fail(MetaText.takeError());
  Expected<json::Value> Meta = json::parse(*MetaText);
  if (!Meta || !Meta->getAsObject())
    return fail(problem("cannot read cargo metadata's output" +
                        (Meta ? std::string() : ": " + toString(Meta.takeError()))));
  const json::Object &M = *Meta->getAsObject();
  std::string TargetDir = M.getString("target_directory").value_or("target").str();
  Expected<std::vector<HelperPackage>> Packages = declaredHelpers(M);
  if (!Packages)
    return fail(Packages.takeError());

  std::vector<std::string> Bitcode;
  for (const HelperPackage &P : *Packages)
    for (size_t I = 0; I < P.Helpers.size(); ++I) {
      SmallString<256> Out(TargetDir);
      sys::path::append(Out, "helperlink", "bitcode", Triple);
      sys::path::append(Out, P.Name + "-" + P.Version,
                        std::to_string(I) + "-" + sys::path::stem(P.Helpers[I]).str() + ".bc");
      if (Error E = compileHelper(P, P.Helpers[I], Clang, Triple, Out))
        return fail(std::move(E));
      Bitcode.push_back(std::string(Out));
    }

  // 3. The plugin's options: HELPERLINK_OPTIONS, then the workspace's.
  Config Cfg;
  std::string Options = env("HELPERLINK_OPTIONS");
  std::optional<std::string> Prefix = "rust_helper_";
  if (const json::Object *WMeta = M.getObject("metadata"))
    if (const json::Object *HL = WMeta->getObject("helperlink")) {
      for (const std::string &O : stringsOf(HL->get("options")))
        Options += " " + quoteWord(O, WordSeparator::Blanks);
      if (const json::Value *P = HL->get("helper-prefix"))
        Prefix = P->getAsString().value_or("").str();
    }
  if (Error E = parsePluginOptions(Options, Cfg))
    return fail(fileProblem("HELPERLINK_OPTIONS or [workspace.metadata.helperlink] options",
                            toString(std::move(E))));
  if (Cfg.HelperPrefix.empty() && Prefix)
    Cfg.HelperPrefix = *Prefix;
  if (Cfg.ReportFile.empty()) {
    // target/helperlink/<profile>/<crate>/<unit>.json, for the crates
    // that call helpers, without the units of their earlier builds.
    SmallString<256> Reports(TargetDir);
    sys::path::append(Reports, "helperlink");
    Cfg.ReportFile = std::string(Reports);
    Cfg.ReportByCrate = true;
  }
  Expected<std::string> Key = helperInputsKey(Bitcode, Plugin.Path, codeOptionsFor(Cfg));
  if (!Key)
    return fail(Key.takeError());

  // 4. The rustflags cargo would use (read before anything is written),
  // with the plugin and the key added.
  std::vector<std::string> All = Flags->Flags;
  All.push_back("-Zllvm-plugins=" + Plugin.Path);
  // rustc's incremental cache, cargo's fingerprints and sccache all key on
  // -C metadata; the crates' symbols change with it, consistently.
  All.push_back("-Cmetadata=helperlink-" + *Key);
  if (CA.Verbose)
    errs() << "helperlink: cargo: " << Bitcode.size() << " helper file(s) from " << Packages->size()
           << " package(s); rustflags from " << Flags->Source << ", with the plugin added; key "
           << *Key << "\n";

  // 5. cargo, with the environment the plugin reads.
  setenv("CARGO_ENCODED_RUSTFLAGS", join(All, "\x1f").c_str(), 1);
  unsetenv("RUSTFLAGS");
  setenv(HelpersEnv, pluginHelpersFor(Bitcode).c_str(), 1);
  setenv(OptionsEnv, pluginOptionsFor(Cfg).c_str(), 1);
  setenv("RUSTC_BOOTSTRAP", "1", 1);
  std::vector<char *> CArgv;
  CArgv.push_back(const_cast<char *>(Cargo.c_str()));
  for (std::string &A : Args)
    CArgv.push_back(A.data());
  CArgv.push_back(nullptr);
  execvp(Cargo.c_str(), CArgv.data());
  return fail(fileProblem(Cargo, "cannot run: " + std::string(strerror(errno))));
}
