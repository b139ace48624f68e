using Xunit.Abstractions;
using Xunit.Sdk;

namespace BackEnd.Storage.Testing.Internal;

internal static class StoreSkip
{
    public static string? Reason(ITestMethod testMethod)
    {
        foreach (var attribute in testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute)))
        {
            if (attribute is IReflectionAttributeInfo { Attribute: RequiresEnvironmentVariableAttribute requirement } && requirement.SkipReason is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    public static IXunitTestCase Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string reason)
        => new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason, testMethodArguments: null);
}
