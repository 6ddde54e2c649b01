# Services: a home server that runs more than it should, and a desktop
# whose encrypted-DNS and Tor setup leaks.
# A real flake would write nixpkgs.lib.nixosSystem (../README.md).
{
  description = "nixsec example: exposed services, leaky DNS and Tor";

  outputs = { self }:
    let
      nixos = import ../lib/nixos-system.nix;
      host = modules: nixos.nixosSystem { inherit modules; };
    in
    {
      nixosConfigurations = {
        # SVC001 SVC002 SVC003 SVC004 SVC005 SVC006 SVC007 SVC008
        homeserver = host [ ./hosts/homeserver.nix ./hosts/backup.nix ];
        # DNS003 DNS005 DNS006 DNS007 DNS008 TOR001 TOR002 TOR003
        privacy = host [ ./hosts/privacy.nix ./hosts/privacy-browser.nix ];
      };
    };
}
