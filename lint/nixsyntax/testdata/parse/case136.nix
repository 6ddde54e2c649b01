with {}; x."${"a"}"
