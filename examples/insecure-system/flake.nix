# The system itself: boot and disks, accounts and secrets, sudo, the Nix
# daemon, AppArmor, USBGuard, auditing. A shared family laptop and a kiosk.
# A real flake would write nixpkgs.lib.nixosSystem (../README.md).
{
  description = "nixsec example: insecure boot, accounts, secrets and Nix daemon";

  outputs = { self }:
    let
      nixos = import ../lib/nixos-system.nix;
    in
    {
      nixosConfigurations = {
        # BOOT001 BOOT002 BOOT004 USB002 MAC002 AUD002 SEC002 SEC003 SEC005 USR001 NIX001 NIX002 NIX003 MIN001 MIN002
        family = nixos.nixosSystem {
          modules = [ ./hosts/family/default.nix ];
        };
        # BOOT001 SEC004 SEC006 USR002 ... (defaults, at this entry)
        kiosk = nixos.nixosSystem {
          modules = [ ./hosts/kiosk.nix ];
        };
      };
    };
}
