with {}; ''${a}/bin''
