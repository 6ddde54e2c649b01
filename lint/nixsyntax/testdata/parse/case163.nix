with {}; !!a
