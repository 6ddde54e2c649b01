# A host's own module; a module from outside the checkout gives sudo a
# default (mkDefault), which a plain setting here overrides.
{
  services.openssh.enable = false;
}
