{ config, lib, ... }: with lib; { options.x = mkOption { type = types.bool; default = false; }; config = mkIf config.x { y = 1; }; }
