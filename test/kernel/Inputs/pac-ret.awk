# From `analyze.py insns` (FUNCTION MNEMONIC OPERANDS): arm64 functions that
# save x30 without signing it (paciasp), and each ret after x30 is reloaded
# from the stack without autiasp. A ret on a path that never saved x30
# (shrink-wrapping) needs no autiasp.
$1 != f { f = $1; reloaded = 0 }
$2 == "paciasp" { s[$1] = 1 }
$2 ~ /^st/ && $0 ~ /x30/ { saved[$1] = 1 }
$2 ~ /^ld/ && $0 ~ /x30/ { reloaded = 1 }
$2 == "autiasp" { reloaded = 0 }
$2 == "ret" && reloaded { print $1 ": ret after reloading x30 without autiasp"; reloaded = 0 }
END { for (g in saved) if (!s[g]) print g ": saves x30 without paciasp" }
