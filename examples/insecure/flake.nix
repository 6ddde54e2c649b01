# Two hosts that trigger every basic nixsec rule: run `nixsec check` here
# to see what findings look like.
{
  description = "nixsec example: insecure hosts";

  outputs = { self }:
    let nixos = import ../lib/nixos-system.nix; in
    {
      nixosConfigurations = {
        # SSH001 SSH002 SSH003 SSH004 FW001 AUD001 MAC001 SEC001
        legacy = nixos.nixosSystem { modules = [ ./hosts/legacy.nix ]; };
        # DNS001 DNS002
        resolver = nixos.nixosSystem { modules = [ ./hosts/resolver.nix ]; };
      };
    };
}
