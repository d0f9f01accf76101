using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.S3;

namespace ImageApi.Tests.Storage;

/// <summary>Forwards to a real client and counts the URLs the SDK presigns: what our presigner signed itself is not counted.</summary>
public sealed class CountingS3Client
{
    public CountingS3Client(IAmazonS3 inner)
    {
        S3 = DispatchProxy.Create<IAmazonS3, Forwarder>();
        ((Forwarder)S3).Forward(inner, () => PresignCalls++);
    }

    public IAmazonS3 S3 { get; }

    public int PresignCalls { get; private set; }

    // Not sealed: DispatchProxy derives the proxy type from it.
    public class Forwarder : DispatchProxy
    {
        private IAmazonS3 _inner = null!;
        private Action _presigned = null!;

        public void Forward(IAmazonS3 inner, Action presigned) => (_inner, _presigned) = (inner, presigned);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IAmazonS3.GetPreSignedURL)) _presigned();
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
        }
    }
}
