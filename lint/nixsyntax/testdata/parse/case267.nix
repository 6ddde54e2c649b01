with {}; "\\${a}"
