with {}; "${b}${c}"
