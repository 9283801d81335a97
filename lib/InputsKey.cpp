//===- InputsKey.cpp - What a plugin build depends on ---------------------===//

#include "helperlink/InputsKey.h"

#include "helperlink/Diagnostics.h"
#include "helperlink/Options.h"
#include "helperlink/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

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

} // namespace helperlink
