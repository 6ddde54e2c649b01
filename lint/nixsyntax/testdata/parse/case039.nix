with {}; "${b}"
