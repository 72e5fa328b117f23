// liqsim: the LiquidationSim command-line runner. See `liqsim --help` and the README.
using System.Globalization;
using LiquidationSim.Cli;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
return await LiqsimCommandLine.InvokeAsync(args);
