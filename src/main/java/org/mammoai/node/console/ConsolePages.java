package org.mammoai.node.console;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.mammoai.node.access.AuditLog;
import org.mammoai.node.access.CsrfToken;
import org.mammoai.node.access.Role;
import org.mammoai.node.config.Destination;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.ResultType;
import org.mammoai.node.config.NodeConfigStore;
import org.mammoai.node.config.ConfigurationEditor;
import org.mammoai.node.config.InvalidNodeConfigException;
import org.mammoai.node.imaging.DicomImage;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.inference.ImageAnalyzer;
import org.mammoai.node.inference.UnusableImageException;
import org.mammoai.node.overview.NodeOverview;
import org.mammoai.node.pipeline.ImageModality;
import org.mammoai.node.pipeline.JobQueue;
import org.mammoai.node.pipeline.PipelineResource;
import org.mammoai.node.results.OverlayImage;
import org.mammoai.node.send.DeliveryQueue;
import org.mammoai.node.send.DeliveryResource;
import org.mammoai.node.send.DicomSender;

/**
 * The web console: server-side pages for radiographers and IT, signed in with the login form. Reads go through
 * {@link NodeOverview}; every change needs the admin role and the form's CSRF token, and goes to the audit log.
 */
@Path("/console")
@RolesAllowed({Role.READ, Role.CHANGE})
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {
    private final Template dashboard;
    private final Template study;
    private final Template failures;
    private final Template configuration;
    private final Template upload;
    private final NodeOverview overview;
    private final PipelineResource pipeline;
    private final JobQueue jobs;
    private final DeliveryQueue deliveries;
    private final DicomSender sender;
    private final NodeConfigStore configs;
    private final ConfigurationEditor editor;
    private final ImageAnalyzer analyzer;
    private final SecurityIdentity identity;
    private final CsrfToken csrf;
    private final AuditLog audit;

    public ConsolePages(Template dashboard, Template study, Template failures, Template configuration, Template upload,
                        NodeOverview overview, PipelineResource pipeline, JobQueue jobs, DeliveryQueue deliveries, DicomSender sender,
                        NodeConfigStore configs, ConfigurationEditor editor, ImageAnalyzer analyzer, SecurityIdentity identity, CsrfToken csrf, AuditLog audit) {
        this.dashboard = dashboard;
        this.study = study;
        this.failures = failures;
        this.configuration = configuration;
        this.upload = upload;
        this.overview = overview;
        this.pipeline = pipeline;
        this.jobs = jobs;
        this.deliveries = deliveries;
        this.sender = sender;
        this.configs = configs;
        this.editor = editor;
        this.analyzer = analyzer;
        this.identity = identity;
        this.csrf = csrf;
        this.audit = audit;
    }

    @GET
    public TemplateInstance dashboard() {
        return page(dashboard).data("d", overview.dashboard());
    }

    @GET
    @Path("/studies/{studyUid}")
    public TemplateInstance study(@PathParam("studyUid") String studyUid, @QueryParam("done") String done) {
        PipelineResource.StudyResults results = overview.results(studyUid);
        return page(study).data("r", results).data("state", overview.studyState(studyUid)).data("done", done);
    }

    @GET
    @Path("/instances/{sopUid}/overlay.png")
    @Produces("image/png")
    public Response overlay(@PathParam("sopUid") String sopUid) {
        return pipeline.overlay(sopUid);
    }

    @POST
    @Path("/studies/{studyUid}/resend")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resendStudy(@PathParam("studyUid") String studyUid, @FormParam("csrf") String token) {
        csrf.check(token);
        int n = deliveries.resendStudy(studyUid);
        audit.record(identity, "study.resend", "study " + studyUid + ", " + n + " deliveries");
        return seeOther("/console/studies/" + studyUid + "?done=" + n + "+deliveries+sent+again");
    }

    @POST
    @Path("/instances/{sopUid}/reanalyse")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reanalyse(@PathParam("sopUid") String sopUid, @FormParam("csrf") String token, @FormParam("study") String studyUid) {
        csrf.check(token);
        if (!jobs.reanalyse(sopUid)) throw new NotFoundException("no finished analysis of " + sopUid);
        audit.record(identity, "image.reanalyse", "instance " + sopUid);
        return seeOther(studyUid == null || studyUid.isBlank() ? "/console/failures" : "/console/studies/" + studyUid + "?done=analysis+queued");
    }

    @POST
    @Path("/deliveries/{id}/resend")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resendDelivery(@PathParam("id") long id, @FormParam("csrf") String token) {
        csrf.check(token);
        if (!deliveries.resend(id)) throw new NotFoundException("no delivery " + id);
        audit.record(identity, "delivery.resend", "delivery " + id);
        return seeOther("/console/failures");
    }

    @POST
    @Path("/deliveries/{id}/discard")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response discardDelivery(@PathParam("id") long id, @FormParam("csrf") String token) {
        csrf.check(token);
        DeliveryQueue.Discarded d = deliveries.discard(id);
        if (d.outcome() == DeliveryQueue.Discarded.Outcome.NOT_FOUND) throw new NotFoundException("no delivery " + id);
        if (d.outcome() == DeliveryQueue.Discarded.Outcome.DISCARDED) audit.record(identity, "delivery.discard", d.delivery());
        return seeOther("/console/failures"); // one no longer dead (resent meanwhile) simply stays where it is
    }

    @GET
    @Path("/failures")
    public TemplateInstance failures(@QueryParam("q") String filter) {
        String q = filter == null ? "" : filter.trim().toLowerCase();
        List<PipelineResource.JobView> failed = pipeline.jobsByState(org.mammoai.node.pipeline.JobState.FAILED).stream()
                .filter(j -> q.isEmpty() || (j.sopInstanceUid() + " " + j.error()).toLowerCase().contains(q)).toList();
        List<DeliveryResource.DeliveryView> dead = DeliveryResource.views(org.mammoai.node.send.DeliveryState.DEAD).stream()
                .filter(d -> q.isEmpty() || (d.sopInstanceUid() + " " + d.destination() + " " + d.lastError()).toLowerCase().contains(q)).toList();
        return page(failures).data("failed", failed).data("dead", dead).data("q", filter == null ? "" : filter);
    }

    @GET
    @Path("/configuration")
    public TemplateInstance configuration(@QueryParam("echo") String echoed, @QueryParam("outcome") String outcome,
                                          @QueryParam("saved") boolean saved, @QueryParam("error") String error) {
        return page(configuration).data("c", configs.current()).data("echoed", echoed).data("outcome", outcome).data("saved", saved)
                .data("error", error).data("resultTypes", List.of(ResultType.values()))
                .data("callers", String.join("\n", configs.current().ae().acceptedCallingAeTitles().stream().sorted().toList()));
    }

    @POST
    @Path("/configuration/destinations/{name}/echo")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response echo(@PathParam("name") String name, @FormParam("csrf") String token) {
        csrf.check(token);
        Destination d = configs.current().destination(name).orElseThrow(() -> new NotFoundException("no destination " + name));
        String failure = sender.echo(d);
        String outcome = failure == null ? "C-ECHO answered by " + d.aeTitle() : failure;
        return seeOther("/console/configuration?echo=" + enc(name) + "&outcome=" + enc(outcome));
    }

    @POST
    @Path("/configuration/local")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveLocal(@FormParam("csrf") String token, @FormParam("aeTitle") String aeTitle, @FormParam("bindAddress") String bindAddress,
                              @FormParam("port") String port, @FormParam("maxAssociations") String maxAssociations,
                              @FormParam("idleTimeoutSeconds") String idle, @FormParam("maxPduLength") String pdu,
                              @FormParam("maxPixelsPerFrame") String pixels) {
        csrf.check(token);
        return change("configuration.local", "local AE " + aeTitle + " on " + bindAddress + ":" + port, () -> editor.setLocal(
                new ConfigurationEditor.LocalForm(aeTitle, bindAddress, number("local.port", port), number("local.maxAssociations", maxAssociations),
                        number("local.idleTimeoutSeconds", idle), number("local.maxPduLength", pdu),
                        pixels == null || pixels.isBlank() ? null : (long) number("local.maxPixelsPerFrame", pixels))));
    }

    @POST
    @Path("/configuration/callers")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveCallers(@FormParam("csrf") String token, @FormParam("callers") String callers) {
        csrf.check(token);
        List<String> titles = callers == null ? List.of() : List.of(callers.split("[\\r\\n,]+"));
        return change("configuration.callers", String.join(",", titles), () -> editor.setAllowedCallers(titles));
    }

    @POST
    @Path("/configuration/destinations")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveDestination(@FormParam("csrf") String token, @FormParam("previousName") String previousName,
                                    @FormParam("name") String name, @FormParam("aeTitle") String aeTitle, @FormParam("host") String host,
                                    @FormParam("port") String port, @FormParam("results") List<String> results, @FormParam("tls") String tls) {
        csrf.check(token);
        return change("configuration.destination", (previousName == null || previousName.isBlank() ? "new " : previousName + " -> ")
                + name + " " + aeTitle + "@" + host + ":" + port + " " + results, () -> editor.saveDestination(
                previousName == null || previousName.isBlank() ? null : previousName,
                new ConfigurationEditor.DestinationForm(name, aeTitle, host, number("port", port), results, tls != null)));
    }

    @POST
    @Path("/configuration/destinations/{name}/remove")
    @RolesAllowed(Role.CHANGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response removeDestination(@PathParam("name") String name, @FormParam("csrf") String token) {
        csrf.check(token);
        return change("configuration.destination.remove", name, () -> {
            if (!editor.removeDestination(name)) throw new IllegalArgumentException("no destination " + name);
            return configs.current();
        });
    }

    /** Applies a change; back to the page with "saved" or the reason it was refused (the loader's words). */
    private Response change(String action, String detail, java.util.function.Supplier<Device> change) {
        try {
            change.get();
        } catch (InvalidNodeConfigException | IllegalArgumentException e) {
            return seeOther("/console/configuration?error=" + enc(e.getMessage()));
        }
        audit.record(identity, action, detail);
        return seeOther("/console/configuration?saved=true");
    }

    private static Integer number(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a number");
        }
    }

    @GET
    @Path("/upload")
    public TemplateInstance uploadForm() {
        return page(upload).data("result", null).data("error", null);
    }

    /** Upload-to-infer: analysed in memory, shown, and forgotten (nothing stored or sent). */
    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("csrf") String token, @RestForm("file") FileUpload file, @RestForm("modality") String modality) {
        csrf.check(token);
        try {
            if (file == null || file.size() == 0) throw new UnusableImageException("choose a DICOM file or a PNG/JPEG picture");
            byte[] bytes = Files.readAllBytes(file.uploadedFile());
            ImageAnalyzer.Analysis analysis;
            int columns;
            if (isDicom(bytes)) {
                DicomImage image = readDicom(file);
                Modality m = ImageModality.of(image.header().modality(), image.header().sopClassUid())
                        .orElseThrow(() -> new UnusableImageException("not a mammogram or breast ultrasound (modality " + image.header().modality() + ")"));
                analysis = analyzer.analyze(image, m);
                columns = image.header().columns();
            } else {
                analysis = analyzer.analyzePicture(bytes, "ultrasound".equals(modality) ? Modality.ULTRASOUND : Modality.MAMMOGRAPHY);
                columns = analysis.sourceColumns();
            }
            String png = Base64.getEncoder().encodeToString(OverlayImage.png(analysis.display(), columns, analysis.findings().lesions()));
            return Response.ok(page(upload).data("result", analysis.findings()).data("overlay", png).data("error", null)
                    .data("name", file.fileName())).build();
        } catch (UnusableImageException | IOException e) {
            return Response.status(400).entity(page(upload).data("result", null).data("error", e.getMessage())).build();
        }
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@FormParam("csrf") String token) {
        csrf.check(token);
        return Response.seeOther(URI.create("/login?signedOut=true"))
                .cookie(new NewCookie.Builder("mammo-session").value("").path("/").maxAge(0).build()).build();
    }

    private TemplateInstance page(Template t) {
        return t.data("user", identity.getPrincipal().getName()).data("admin", identity.hasRole(Role.CHANGE)).data("csrf", csrf.value());
    }

    private static boolean isDicom(byte[] b) {
        return b.length > 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
    }

    private static DicomImage readDicom(FileUpload file) throws UnusableImageException {
        try {
            return DicomImage.read(file.uploadedFile());
        } catch (Exception e) {
            throw new UnusableImageException("not a readable DICOM file: " + e.getMessage(), e);
        }
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
