with {}; "$\\{a}"
