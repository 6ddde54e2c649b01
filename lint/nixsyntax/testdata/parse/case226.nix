with {}; lib.mkIf config.services.x.enable { a = 1; }
