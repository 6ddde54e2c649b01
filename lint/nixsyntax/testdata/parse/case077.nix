with {}; ./${x}
