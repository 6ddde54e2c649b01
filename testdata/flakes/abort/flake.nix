# builtins.abort is not caught by builtins.tryEval: the whole evaluation
# of that host stops. nixsec reports the host with the abort's message.
{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations = {
        good = nixos.nixosSystem { modules = [ { networking.firewall.enable = false; } ]; };
        aborts = nixos.nixosSystem {
          modules = [ { services.openssh.enable = builtins.abort "refusing to be evaluated by a linter"; } ];
        };
      };
    };
}
