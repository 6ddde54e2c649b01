with {}; x.or
