with {}; "${a}/bin/${b}"
