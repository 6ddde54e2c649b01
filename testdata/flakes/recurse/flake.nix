# Hosts that recurse forever: a value defined by itself (Nix detects the
# cycle: "infinite recursion encountered") and a function that never
# stops calling itself (the evaluator's stack overflows). nixsec reports
# both hosts with Nix's message, still lints the good one, and exits 2.
{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations = {
        good = nixos.nixosSystem { modules = [ { networking.firewall.enable = false; } ]; };
        loop = let x = x; in x;
        deep = nixos.nixosSystem {
          modules = [ { services.openssh.enable = let f = n: 1 + f (n + 1); in f 0 > 0; } ];
        };
      };
    };
}
