with {}; { ${x}.b = 1; }
