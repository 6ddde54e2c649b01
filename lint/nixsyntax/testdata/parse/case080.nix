with {}; /${x}
