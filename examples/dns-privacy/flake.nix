# The hardening guide's encrypted-DNS setup: dnscrypt-proxy over Tor,
# Firefox through the same SOCKS proxy, no other resolver.
{
  description = "nixsec example: private DNS with dnscrypt-proxy and Tor";

  outputs = { self }:
    let nixos = import ../lib/nixos-system.nix; in
    {
      nixosConfigurations.workstation = nixos.nixosSystem {
        modules = [ ./hosts/workstation.nix ./hosts/dns.nix ./hosts/browser.nix ];
      };
    };
}
