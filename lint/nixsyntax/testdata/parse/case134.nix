with {}; x."a b".${y}.c or x."if"
