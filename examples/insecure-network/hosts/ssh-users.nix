# Who may log in to the jump host, and with which keys.
{ ... }:
{
  users.users.alice = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = "/run/secrets/alice-password";
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ+zmzLGHRYpYFRPgL+d/QQHwRE5xnKqPiUByL/cG4RL alice@laptop" ];
  };

  users.users.bob = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = "/run/secrets/bob-password";
    # SSH006: a 2048-bit RSA key and a DSA key from an old workstation
    openssh.authorizedKeys.keys = [
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDVjAAb+OSnMK0Hfr56YYeoGmgu9l4jFsSHYWUZgoULY3rRBrmXDtns4hkE+snp2wK85qihFtN6dLzuZ7jabGqknhIKNmfHo2kQ+B4pPg8ZgMiRWSk6o8bzFelkLXY4OvWGxv/o1XNNXsaCQR/qyel/jDweYTSXuTdKIbu2RpNWv1tyENICqRz8rs7DgQmEpl8cNZtTQFGau0sWEvW0fhOMKfx4sXFPPIk7cgmSWaL5UdNeryfl6GxOdFuabFn4o19IRxSVebU1ON+oaQKzC+Rv8czBdFGOvZrP1Sm3C6xqNdmg9XEy5EwDBmb2KIWPJCShd0TTifmM2aGzaPYRCQYB bob@old-laptop"
      "ssh-dss AAAAB3NzaC1kc3MAAACBAKmFn3FI6t2yphwsrrx1tPK0Na2QFPCmxFigG/JwD9LgyZomc8u7nJ1xgo0Ho6rQ7d9qPTDdcND6wepcII0Gf5yiFIub7LcdWtDPJpnQ2nwA8YHcA9Ax7GxkeM/6d2RBYY222Rr1RsyKtRTlkohj2ep/KQYYXgh3kM3zFK/pV9uPAAAAFQCpD4Ak2wi6f6kLiXGnX2eu1UsBXQAAAIAFdzPvzqjjnIoyVqyjhTS8s2VeOgfOKq6q8kViEm6k4VYJFoVIefVQ/CDMCfezkBOpHHDAe6iCJLTafgJIxJkZGtqUk53DRs/f6v//8lscCqRqqXw4AUTQHigTUq2h01i7nE5kvIGLU1d2c/QOLlngruaglOkEAQcuEa9/67XQTQAAAIALkYw0CDaHiwcxSSEJhVFoFOr9mCiHcFh0aiR91gdlmclz6NHeAtCpa64Rar8pIicu9nQzCadwVZM7ggV4ncO7/JI2pKQK+FAPVMpRhcAg3SbHMqT12oKrly7SAZE71LjNFrdhHVh4fIeOMUHcRO4oECAq1IJ08dXNFQ+skITHXQ== bob@2009"
    ];
  };
}
